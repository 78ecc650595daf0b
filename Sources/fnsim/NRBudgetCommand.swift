import ArgumentParser
import Models
import Scenario

struct NRBudgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "User-plane latency budget (ITU-R M.2410, TR 37.910).",
        discussion: """
            Transmitter processing, scheduling request and grant (dynamic uplink), frame
            and TDD alignment, transmission, receiver processing, and one HARQ
            retransmission with probability p; means over arrivals uniform in the
            pattern, and the worst case. Processing times from TS 38.214 §5.3/§6.4 (N1,
            N2). The simulator follows the same timeline. Example:

              fnsim nr budget --scs 30kHz --tdd DDDSU --direction uplink --grant dynamic
              fnsim nr budget --scs 30kHz --tdd FDD --mini-slot 2 --capability 2 \\
                  --harq-p 0.1 --format json
            """)

    @Option(help: "Subcarrier spacing, e.g. 30kHz.") var scs: String = "30kHz"
    @Option(help: "FDD, DDDSU, … (see the scenario key 'tdd').") var tdd: String = "FDD"
    @Option(help: "Special-slot split, e.g. 10D2G2U.") var special: String?
    @Option(name: .customLong("mini-slot"), help: "Mini-slot length in symbols (2, 4 or 7).") var miniSlot: Int?
    @Option(help: "UE capability 1 or 2.") var capability: Int = 1
    @Option(help: "downlink or uplink.") var direction: String = "downlink"
    @Option(help: "Uplink access: dynamic or configured.") var grant: String = "dynamic"
    @Option(name: .customLong("harq-p"), help: "Probability that a first transmission fails.") var harqP: Double = 0
    @Option(name: .customLong("sr-period"), help: "Scheduling-request period in symbols.") var srPeriod: Int?
    @Option(help: "table or json.") var format: CalculatorFormat = .table

    func validate() throws {
        let i = try input()
        if let problem = LatencyBudget.check(i) { throw ValidationError(problem) }
    }

    func input() throws -> LatencyBudget.Input {
        let spacing = try quantity(scs, .frequency, "scs")
        guard let numerology = Numerology(subcarrierSpacingKHz: Int(spacing / 1000)) else {
            throw ValidationError("--scs must be 15kHz, 30kHz, 60kHz or 120kHz")
        }
        let pattern: TDDPattern
        do { pattern = try TDDPattern.parse(tdd, special: special) } catch { throw ValidationError("--tdd: \(error.description)") }
        if let e = pattern.periodError(numerology) { throw ValidationError("--tdd: \(e)") }
        guard let cap = UECapability(rawValue: capability) else { throw ValidationError("--capability must be 1 or 2") }
        guard ["dynamic", "configured"].contains(grant) else { throw ValidationError("--grant must be dynamic or configured") }
        return LatencyBudget.Input(numerology: numerology, pattern: pattern, miniSlot: miniSlot, capability: cap,
                                   direction: try choice(direction, "direction"),
                                   access: grant == "dynamic" ? .dynamicGrant : .configuredGrant,
                                   harqProbability: harqP, srPeriodSymbols: srPeriod)
    }

    func run() async throws {
        let b = LatencyBudget.compute(try input())
        var figures: [Figure] = []
        for c in b.components {
            let key = c.name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
            figures.append(Figure(String(key) + "_mean_s", c.name + " (mean)", time: c.mean))
            figures.append(Figure(String(key) + "_worst_s", c.name + " (worst)", time: c.worst))
        }
        figures += [
            Figure("mean_without_harq_s", "total without HARQ (mean)", time: b.meanWithoutHARQ),
            Figure("mean_s", "total (mean)", time: b.mean),
            Figure("worst_s", "total (worst)", time: b.worst),
        ]
        if let h = b.harqRoundTrip { figures.append(Figure("harq_round_trip_s", "HARQ retransmission delay", time: h)) }
        Figure.print(figures, format)
    }
}
