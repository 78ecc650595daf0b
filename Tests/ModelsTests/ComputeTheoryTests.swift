import Analysis
import CGSL
import Experiments
import Foundation
import Kernel
import Models
import Testing

/// The compute node against queueing theory: tasks generated at the node itself (a route
/// of one service hop, no network) arrive as a Poisson stream, so the node with c servers
/// and an unbounded FCFS waiting room is an M/G/c queue.
@Suite struct ComputeTheoryTests {
    static let meanService = Double(Time.millisecond)

    /// A station with `servers` servers running one service; one Poisson request flow of
    /// `rate` tasks per second starting at the station itself.
    static func node(servers: Int, service: Distribution, rate: Double, queueLimit: Int? = nil,
                     discipline: Discipline = .fcfs) -> PlantSpec {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "server", kind: .station,
                               compute: ComputeSpec(servers: servers, discipline: discipline, queueLimit: queueLimit))]
        spec.services = [ServiceSpec(name: "task", node: 0, demand: .time(service))]
        let traffic = TrafficSpec(pattern: .poisson(meanGap: 1e12 / rate), size: .constant(100))
        spec.flows = [FlowSpec(name: "tasks", destination: 0, sources: [SourceSpec(node: 0, route: [.service(0)], traffic: traffic)],
                               request: RequestSpec(service: 0, responseSize: .constant(64), responsePriority: 0))]
        return spec
    }

    static func run(_ spec: PlantSpec, tasks: Double, rate: Double, seed: UInt64) -> RunResult {
        let duration = SimTime(tasks / rate * 1e12)
        return Runner.run(RunRequest(variant: "base", plant: spec, seed: seed, duration: duration, warmup: duration / 50))
    }

    /// Erlang C: the probability that an arrival waits, C(c, a) with a = λ/µ, and the mean
    /// wait Wq = C / (cµ − λ).
    static func erlangC(servers c: Int, load rho: Double) -> Double {
        let a = rho * Double(c)
        var term = 1.0, sum = 0.0
        for k in 0..<c {
            sum += term
            term *= a / Double(k + 1)
        }
        let top = term * Double(c) / (Double(c) - a)
        return top / (sum + top)
    }

    /// M/M/c mean wait within 2 % of Erlang C at loads 0.5 and 0.9. Enough tasks that the
    /// estimate's standard error (waits are strongly correlated at load 0.9) is a third of
    /// the tolerance or less.
    @Test(arguments: [(1, 0.5, 2_000_000.0), (1, 0.9, 12_000_000.0), (4, 0.5, 8_000_000.0),
                      (4, 0.9, 12_000_000.0), (16, 0.5, 32_000_000.0), (16, 0.9, 12_000_000.0)])
    func mmcMeanWaitMatchesErlangC(servers: Int, rho: Double, tasks: Double) {
        let mu = 1e12 / Self.meanService
        let lambda = rho * Double(servers) * mu
        let spec = Self.node(servers: servers, service: .exponential(mean: Self.meanService), rate: lambda)
        let r = Self.run(spec, tasks: tasks, rate: lambda, seed: 21)
        let node = r.compute[0]
        let wq = try! #require(node.waitMean) / 1e12
        let theory = Self.erlangC(servers: servers, load: rho) / (Double(servers) * mu - lambda)
        #expect(abs(wq / theory - 1) < 0.02, "M/M/\(servers) rho=\(rho): Wq \(wq) s, Erlang C \(theory) s")
        #expect(abs(node.utilization / rho - 1) < 0.01, "utilization \(node.utilization)")
        #expect(node.rejections == 0)
    }

    /// M/D/1 against Pollaczek–Khinchine: Wq = ρ S / (2 (1 − ρ)).
    @Test(arguments: [(0.5, 1_000_000.0), (0.9, 4_000_000.0)])
    func md1MeanWaitMatchesPollaczekKhinchine(rho: Double, tasks: Double) {
        let lambda = rho * 1e12 / Self.meanService
        let spec = Self.node(servers: 1, service: .constant(Self.meanService), rate: lambda)
        let r = Self.run(spec, tasks: tasks, rate: lambda, seed: 22)
        let wq = try! #require(r.compute[0].waitMean)
        let theory = rho * Self.meanService / (2 * (1 - rho))
        #expect(abs(wq / theory - 1) < 0.02, "M/D/1 rho=\(rho): Wq \(wq) ps, P-K \(theory) ps")
    }

    /// M/M/1/K: with room for K − 1 waiting (K in the system), an arrival is refused with
    /// probability (1 − ρ) ρ^K / (1 − ρ^(K+1)).
    @Test func mm1kBlockingProbability() {
        let rho = 0.8, k = 5
        let lambda = rho * 1e12 / Self.meanService
        let spec = Self.node(servers: 1, service: .exponential(mean: Self.meanService), rate: lambda,
                             queueLimit: k - 1)
        let r = Self.run(spec, tasks: 2_000_000, rate: lambda, seed: 23)
        let node = r.compute[0]
        let blocked = try! #require(node.rejectionRatio)
        let theory = (1 - rho) * pow(rho, Double(k)) / (1 - pow(rho, Double(k + 1)))
        #expect(abs(blocked / theory - 1) < 0.02, "M/M/1/\(k): blocked \(blocked), theory \(theory)")
        #expect(node.queueMax == k - 1)
        // Rejected requests reach the node (request leg delivered) but never come back.
        let request = r.flows.first { $0.leg == .request }!, roundTrip = r.flows.first { $0.leg == .roundTrip }!
        #expect(request.dropped == 0)
        #expect(roundTrip.dropped == node.rejections)
    }
}
