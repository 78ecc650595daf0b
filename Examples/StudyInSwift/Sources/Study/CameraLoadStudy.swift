import FactoryNet

/// A small study: sweep the camera's rate in the quickstart cell, run replications of the
/// base design into a results store, and read the poll latency back from the store.
/// (The test suite compiles this file too, so the example keeps working.)
enum CameraLoadStudy {
    struct Row {
        var rate: String
        var p99: Estimate
    }

    static func run(scenario: String, store: String, duration: String = "200ms", replications: Int = 4) throws -> [Row] {
        // 1. The plan: the file's designs (only base here) × a parameter × replications.
        let rates = try SweepAxis.parse("flows.camera.rate=20Mbps..80Mbps+20Mbps").get()
        let (campaign, _) = try Campaign.make(path: scenario, duration: duration, parameters: [rates],
                                              designs: ["base"], replications: replications)
        // 2. Run what the store lacks, on all cores; each run is committed as it finishes.
        let results = try ResultsStore(path: store, plan: campaign.plan)
        let todo = campaign.plan.runs.filter { !((try? results.completed()) ?? []).contains($0) }
        try WorkerPool(campaign: campaign, keys: todo, jobs: 2).run(handle: { batch in
            try results.record(batch.map { (RunRecord(key: $0.key, seed: $0.seed, result: $0.result), $0.wallSeconds) })
        })
        // 3. Read the flows back per point and estimate the mean p99 over replications.
        return try campaign.plan.points.map { point in
            let rows = try results.rows(table: "flows", point: point.index, design: "base")
            let p99s: [Double] = rows.compactMap { row in
                guard row["flow"] == .text("plc-report"), row["source"] == .null, case let .real(v)? = row["latency_p99_s"]
                else { return nil }
                return v
            }
            return Row(rate: point.settings[0].value, p99: Estimate(p99s))
        }
    }
}
