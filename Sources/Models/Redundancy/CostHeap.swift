/// A binary min-heap of (cost, node) pairs for the shortest-path searches over a
/// `BridgedNetwork`. Equal costs pop in node order, so a search is the same on every run.
/// Entries are not updated in place: a search pushes a node again when its cost falls and
/// skips stale entries as they pop.
struct CostHeap {
    private var items: [(cost: Int, node: Int)] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func push(cost: Int, node: Int) {
        items.append((cost, node))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (cost: Int, node: Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if items.isEmpty { return top }
        items[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && Self.less(items[l], items[m]) { m = l }
            if r < items.count && Self.less(items[r], items[m]) { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return top
    }

    private static func less(_ x: (cost: Int, node: Int), _ y: (cost: Int, node: Int)) -> Bool {
        x.cost != y.cost ? x.cost < y.cost : x.node < y.node
    }
}
