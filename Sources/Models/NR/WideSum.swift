/// A sum of Int64 products held in 128 bits: integrals of delays over arrival times are
/// ps·ps (up to about 10^20), beyond Int64, and must stay exact.
struct WideSum {
    private var high: Int64 = 0
    private var low: UInt64 = 0

    /// Adds a·b.
    mutating func add(_ a: Int64, times b: Int64) {
        let p = a.multipliedFullWidth(by: b)
        let (l, carry) = low.addingReportingOverflow(p.low)
        low = l
        high = high &+ p.high &+ (carry ? 1 : 0)
    }

    /// (⌊sum/d⌋, remainder) for d > 0 and a sum >= 0 whose quotient fits Int64.
    func divided(by d: Int64) -> (quotient: Int64, remainder: Int64) {
        d.dividingFullWidth((high: high, low: low))
    }

    /// sum/d to the nearest integer (halves up), for d > 0 and a sum >= 0.
    func rounded(dividedBy d: Int64) -> Int64 {
        let (q, r) = divided(by: d)
        return r >= d - r ? q + 1 : q
    }
}
