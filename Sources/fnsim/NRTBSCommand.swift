import ArgumentParser
import Models

struct NRTBSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tbs",
        abstract: "Transport block size in bits (TS 38.214 §5.1.3.2).",
        discussion: """
            N_RE = min(156, 12·symbols − dmrs − overhead)·PRBs, N_info = N_RE·R·Qm·layers,
            then the standard's quantization and table or formula. Example:

              fnsim nr tbs --prbs 273 --mcs 27 --table qam256 --symbols 13 --dmrs 12 \\
                  --layers 2
              fnsim nr tbs --prbs 10 --mcs 5 --table qam64 --symbols 2 --dmrs 6 \\
                  --format json
            """)

    @Option(help: "Allocated PRBs (1…275).") var prbs: Int
    @Option(help: "MCS index.") var mcs: Int
    @Option(help: "MCS table: qam64, qam256 or qam64lowse.") var table: String = "qam64"
    @Option(help: "Allocated OFDM symbols (1…14).") var symbols: Int = 12
    @Option(help: "DM-RS resource elements per PRB.") var dmrs: Int = 12
    @Option(help: "Other overhead per PRB: 0, 6, 12 or 18.") var overhead: Int = 0
    @Option(help: "MIMO layers (1…4).") var layers: Int = 1
    @Option(help: "table or json.") var format: CalculatorFormat = .table

    func validate() throws {
        let t: MCSTable = try choice(table, "table")
        guard (1...275).contains(prbs) else { throw ValidationError("--prbs must be within 1…275") }
        guard (0..<t.count).contains(mcs) else { throw ValidationError("--mcs must be within 0…\(t.count - 1) for \(table)") }
        guard (1...14).contains(symbols) else { throw ValidationError("--symbols must be within 1…14") }
        guard (0...(12 * symbols - 1)).contains(dmrs) else { throw ValidationError("--dmrs must leave resource elements for data") }
        guard [0, 6, 12, 18].contains(overhead) else { throw ValidationError("--overhead must be 0, 6, 12 or 18") }
        guard (1...4).contains(layers) else { throw ValidationError("--layers must be within 1…4") }
    }

    func run() async throws {
        let t: MCSTable = try choice(table, "table")
        let qm = t.modulationOrder(mcs), r = t.codeRate(mcs)
        let tbs = TransportBlock.size(prbs: prbs, symbols: symbols, dmrsPerPRB: dmrs, overhead: overhead,
                                      modulationOrder: qm, codeRate: r, layers: layers)
        Figure.print([
            Figure("modulation_order", "modulation order Qm", int: qm),
            Figure("code_rate", "code rate R", r, digits: 6),
            Figure("resource_elements", "resource elements N_RE", int: Swift.min(156, 12 * symbols - dmrs - overhead) * prbs),
            Figure("tbs_bits", "transport block size (bits)", int: tbs),
            Figure("code_blocks", "LDPC code blocks", int: TransportBlock.codeBlocks(tbs: tbs, codeRate: r)),
        ], format)
    }
}
