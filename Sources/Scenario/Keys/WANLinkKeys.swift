import Kernel
import Models

/// The keys of an external-network link (`type: wan`): two directions, each with a delay
/// model, a loss model and optionally a capacity.
enum WANLinkKeys {
    static let delay = Field("delay", .wanDelay,
                             "One-way delay: a time, a distribution, or {trace: FILE, replay: cycle|sample}")
    static let loss = Field("loss", .loss,
                            "Frames lost: a probability such as 0.1%, or {model: gilbert-elliott, rate, burst}")
    static let rate = Field("rate", .rate, "Capacity of each direction (optional); frames then queue and serialize")
    static let buffer = Field("buffer", .limit(.bytes(positive: true, max: Int64(1) << 50),
                                               hint: " (a size such as 512KB, or unbounded)"),
                              "Waiting room in front of the capacity in bytes, or unbounded (the default)")
    static let bufferFrames = Field("buffer_frames", .limit(.integer(1...Int64(Int32.max))),
                                    "Waiting room in front of the capacity in frames, or unbounded (the default)")
    static let overhead = Field("overhead", .bytes(positive: false, max: 1 << 20),
                                "Bytes added to each frame on the capacity: tunnel or framing headers (default 0B)")
    static let maxFrame = Field("max_frame", .bytes(positive: true, max: Int64(Int32.max)),
                                "Largest frame the link carries (default: no limit)")
    static let inOrder = Field("in_order", .boolean,
                               "A frame never arrives before the one sent before it, its delay stretched if need be (default false: each frame takes its own delay)")
    static let uplink = Field("uplink", .record(direction), "Overrides for the direction from 'from' to 'to'")
    static let downlink = Field("downlink", .record(direction), "Overrides for the direction from 'to' to 'from'")

    /// What one direction may override.
    static let direction = Record("One direction of the link", [delay.key, loss.key, rate.key])

    /// The keys of a wan link besides its ends.
    static let properties = [
        delay.key, loss.key, rate.key, buffer.key, bufferFrames.key, overhead.key, maxFrame.key, inOrder.key,
        uplink.key, downlink.key,
    ]

    // A delay trace.
    static let trace = Field("trace", .text, required: true,
                             "CSV of measured delays relative to the scenario file: a header naming one column "
                                 + "delay_s, delay_ms or delay_us, then one delay per row")
    static let replay = Field("replay", .choice(noun: "replay mode") as ValueType<TraceReplay>,
                              "cycle (default: in order, again from the start) or sample (a random row per frame)")
    static let delayTrace = Record("Delays replayed from a measured trace", [trace.key, replay.key])

    // A Gilbert-Elliott loss model, by its loss rate and mean burst, or by its chain.
    static let lossRate = Field("rate", .probability(.open), "Long-run share of frames lost, such as 1%")
    static let burst = Field("burst", .number(min: 1), "Mean number of frames lost in a row (at least 1)")
    static let p = Field("p", .probability(.closed), "Probability of going from the good state to the bad one per frame")
    static let r = Field("r", .probability(.aboveZero), "Probability of going from the bad state to the good one per frame")
    static let lossGood = Field("loss_good", .probability(.closed), "Loss probability in the good state (default 0)")
    static let lossBad = Field("loss_bad", .probability(.closed), "Loss probability in the bad state (default 1)")
    static let lossModels = Family(
        noun: "loss model", help: "A loss model", tag: "model", tagNoun: "loss model",
        tagHelp: "gilbert-elliott: a two-state Markov chain stepped once per frame", common: [],
        cases: [.init(name: "gilbert-elliott", keys: [lossRate.key, burst.key, p.key, r.key, lossGood.key, lossBad.key])])
}
