import Models

/// The keys of a full-duplex Ethernet link (also `defaults.link`).
enum EthernetLinkKeys {
    static let rate = Field("rate", .rate, "Line rate, such as 100Mbps")
    static let delay = Field("delay", .time(positive: false), "Propagation delay (instead of length)")
    static let length = Field("length", .quantity(.length, positive: false),
                              "Cable length; adds 5 ns/m of propagation (instead of delay)")
    static let overhead = Field("overhead", .bytes(positive: false, max: 1 << 20),
                                "Wire overhead per frame (default 20B: preamble, SFD, inter-frame gap)")
    static let maxFrame = Field("max_frame", .bytes(positive: true, max: 1 << 24), "Largest frame (default 1522B)")
    static let minFrame = Field("min_frame", .bytes(positive: false, max: 1 << 24),
                                "Frames shorter than this are padded (default 64B)")
    static let buffer = Field("buffer", .limit(.bytes(positive: true, max: Int64(1) << 50),
                                               hint: " (a size such as 512KB, or unbounded)"),
                              "Waiting room of each port in bytes, or unbounded (the default)")
    static let bufferFrames = Field("buffer_frames", .limit(.integer(1...Int64(Int32.max))),
                                    "Waiting room of each port in frames, or unbounded (the default)")
    static let trafficClasses = Field("traffic_classes", .integer(1...8),
                                      "Traffic classes of each port (default 8); priorities map to classes by "
                                          + "IEEE 802.1Q Table 8-5")
    static let selection = Field("selection", .choice(noun: "transmission selection") as ValueType<TransmissionSelection>,
                                 "How a port picks the next frame among its classes (default strict-priority)")

    /// The keys that describe the link itself (not its ends): what `defaults.link` may set.
    static let properties = [rate.key, delay.key, length.key, overhead.key, maxFrame.key, minFrame.key, buffer.key,
                             bufferFrames.key, trafficClasses.key, selection.key] + TSNKeys.portKeys

    static let defaults = Record("Defaults for Ethernet links", properties)
}
