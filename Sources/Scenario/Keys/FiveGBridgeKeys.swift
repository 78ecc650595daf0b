import Kernel
import Models

/// The keys of a 5G system acting as a TSN bridge (3GPP TS 23.501 §5.28.1): `tsn_bridge` on
/// the UPF that holds its NW-TT, and a flow's own settings under the same name.
enum FiveGBridgeKeys {
    static let residence = Field("residence", .time(positive: true), required: true,
                                 "The bridge delay the TSN network is told: frames leave the egress translator exactly "
                                     + "this long after they entered the 5G system (hold and forward, TS 23.501 §5.27.4), "
                                     + "such as 4ms")
    static let late = Field("late", .choice(noun: "late-frame policy") as ValueType<LateFrames>,
                            "A frame that reaches the egress after its residence time: forward (sent on at once, "
                                + "default) or drop; counted late either way")
    static let record = Record("The 5G system as a TSN bridge: NW-TT at this UPF, DS-TT at each terminal it serves",
                               [residence.key, late.key])

    // A flow's own settings: both optional.
    static let flowResidence = Field("residence", .time(positive: true),
                                     "This flow's residence time at the 5G TSN bridges it crosses (default: the bridge's)")
    static let flowLate = Field("late", .choice(noun: "late-frame policy") as ValueType<LateFrames>,
                                "This flow's late frames: forward or drop (default: the bridge's)")
    static let flowRecord = Record("The flow's own settings at the 5G TSN bridges it crosses",
                                   [flowResidence.key, flowLate.key])
}
