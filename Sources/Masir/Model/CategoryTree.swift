/// The category hierarchy laid out in depth-first order: the categories under one category are
/// one contiguous run of `order`, so "is X under Y" is two comparisons and listing what lies
/// under Y costs its size, however deep or wide the hierarchy. Built without recursion, so a
/// chain of any length is safe.
struct CategoryTree: Sendable, Hashable {
    /// Category indices, each followed by everything under it, siblings in declaration order.
    private(set) var order: [Int] = []
    /// Where each category stands in `order`.
    private(set) var position: [Int] = []
    /// One past the last category under each category, in `order`.
    private(set) var end: [Int] = []
    /// How many categories lie above each one.
    private(set) var depth: [Int] = []

    init() {}

    /// `parents[i]` is the index of category `i`'s parent. A category caught in a cycle of
    /// parents (which the resolver reports and breaks first) is kept as a category of its own.
    init(parents: [Int?]) {
        let n = parents.count
        var children = [[Int]](repeating: [], count: n)
        for (index, parent) in parents.enumerated() {
            if let parent, parent >= 0, parent < n { children[parent].append(index) }
        }
        position = [Int](repeating: -1, count: n)
        end = [Int](repeating: 0, count: n)
        depth = [Int](repeating: 0, count: n)
        order.reserveCapacity(n)
        var stack: [(node: Int, next: Int)] = []
        func visit(_ node: Int) {
            position[node] = order.count
            order.append(node)
            depth[node] = stack.count
            stack.append((node, 0))
        }
        for root in 0..<n where parents[root] == nil {
            visit(root)
            while let top = stack.last {
                let below = children[top.node]
                if top.next < below.count {
                    stack[stack.count - 1].next += 1
                    visit(below[top.next])
                } else {
                    end[top.node] = order.count
                    stack.removeLast()
                }
            }
        }
        for index in 0..<n where position[index] < 0 {
            position[index] = order.count
            order.append(index)
            end[index] = order.count
        }
    }

    /// Whether the tree was built for `count` categories (a rulebook assembled by hand has none).
    func covers(_ count: Int) -> Bool { position.count == count }

    /// Whether category `index` is `ancestor` or lies below it.
    func contains(_ index: Int, under ancestor: Int) -> Bool {
        let at = position[index]
        return position[ancestor] <= at && at < end[ancestor]
    }

    /// `ancestor` and every category below it.
    func subtree(_ ancestor: Int) -> ArraySlice<Int> {
        order[position[ancestor]..<end[ancestor]]
    }
}
