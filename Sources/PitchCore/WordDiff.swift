/// A run of text that is in both versions, only in the new one, or only in the old one.
public enum DiffChunk: Equatable, Sendable {
    case same(String)
    case added(String)
    case removed(String)
}

/// Word-level diff, as `git diff --word-diff` shows it. Tokens are words and the whitespace or
/// punctuation between them, so joining one side's chunks gives that side back exactly.
public enum WordDiff {
    /// Above this many changed tokens on each side the LCS table would be too big: the changed middle
    /// is shown as one removal and one addition instead.
    static let cellLimit = 4_000_000

    public static func diff(old: String, new: String) -> [DiffChunk] {
        let a = tokens(old)
        let b = tokens(new)
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix
            && a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
        { suffix += 1 }
        let midA = Array(a[prefix..<(a.count - suffix)])
        let midB = Array(b[prefix..<(b.count - suffix)])
        var ops: [DiffChunk] = []
        if prefix > 0 { ops.append(.same(a[0..<prefix].joined())) }
        if midA.count * midB.count > cellLimit || midA.isEmpty || midB.isEmpty {
            if !midA.isEmpty { ops.append(.removed(midA.joined())) }
            if !midB.isEmpty { ops.append(.added(midB.joined())) }
        } else {
            ops += lcs(midA, midB)
        }
        if suffix > 0 { ops.append(.same(a[(a.count - suffix)...].joined())) }
        return grouped(merge(ops))
    }

    /// A changed phrase is one change, as `git diff --word-diff` shows it: "[-one thing-]{+something else+}",
    /// not "[-one-]{+something+} [-thing-]{+else+}". A space between two replacements joins them (on both
    /// sides, so each side still reads back exactly); a line break does not.
    static func grouped(_ chunks: [DiffChunk]) -> [DiffChunk] {
        var out: [DiffChunk] = []
        var i = 0
        /// The removed and added text of the changes from `k` up to the next unchanged run.
        func changes(from k: inout Int) -> (removed: String, added: String) {
            var removed = ""
            var added = ""
            loop: while k < chunks.count {
                switch chunks[k] {
                case .removed(let s): removed += s
                case .added(let s): added += s
                case .same: break loop
                }
                k += 1
            }
            return (removed, added)
        }
        while i < chunks.count {
            if case .same = chunks[i] {
                out.append(chunks[i])
                i += 1
                continue
            }
            var (removed, added) = changes(from: &i)
            while !removed.isEmpty, !added.isEmpty, i + 1 < chunks.count, case .same(let gap) = chunks[i],
                !gap.isEmpty, gap.allSatisfy({ $0 == " " || $0 == "\t" })
            {
                var k = i + 1
                let next = changes(from: &k)
                guard !next.removed.isEmpty, !next.added.isEmpty else { break }
                removed += gap + next.removed
                added += gap + next.added
                i = k
            }
            if !removed.isEmpty { out.append(.removed(removed)) }
            if !added.isEmpty { out.append(.added(added)) }
        }
        return out
    }

    /// `[-removed-]{+added+}`, as `git diff --word-diff=plain`: deletions and insertions stay apart.
    public static func plain(_ chunks: [DiffChunk]) -> String {
        render(chunks, removed: { "[-\($0)-]" }, added: { "{+\($0)+}" })
    }

    /// The chunks as text, each change marked by the given functions (brackets, colour, HTML).
    public static func render(_ chunks: [DiffChunk], removed: (String) -> String, added: (String) -> String) -> String {
        chunks.map { chunk in
            switch chunk {
            case .same(let s): return s
            case .removed(let s): return removed(s)
            case .added(let s): return added(s)
            }
        }.joined()
    }

    /// The changed passages, each with up to `context` unchanged words either side; longer unchanged runs
    /// are cut ("…") and split the changes into separate passages. No change: no passage.
    public static func passages(_ chunks: [DiffChunk], context: Int = 8) -> [[DiffChunk]] {
        guard chunks.contains(where: { if case .same = $0 { return false } else { return true } }) else { return [] }
        var passages: [[DiffChunk]] = []
        var current: [DiffChunk] = []
        for (i, chunk) in chunks.enumerated() {
            guard case .same(let text) = chunk else {
                current.append(chunk)
                continue
            }
            let words = text.split(whereSeparator: \.isWhitespace).count
            if i == 0 {
                current.append(words > context ? .same("… " + lastWords(text, context)) : chunk)
            } else if i == chunks.count - 1 {
                current.append(words > context ? .same(firstWords(text, context) + " …") : chunk)
            } else if words > 2 * context {
                current.append(.same(firstWords(text, context) + " …"))
                passages.append(current)
                current = [.same("… " + lastWords(text, context))]
            } else {
                current.append(chunk)
            }
        }
        passages.append(current)
        return passages
    }

    /// The passages as `[-…-]{+…+}` text, separated by a blank line.
    public static func plainPassages(old: String, new: String, context: Int = 8) -> String {
        passages(diff(old: old, new: new), context: context).map(plain).joined(separator: "\n\n")
    }

    /// The text up to the end of its `n`-th word (its leading space kept).
    static func firstWords(_ text: String, _ n: Int) -> String {
        var seen = 0
        var inWord = false
        for index in text.indices {
            let space = text[index].isWhitespace
            if !space && !inWord { seen += 1 }
            if space && inWord && seen == n { return String(text[..<index]) }
            inWord = !space
        }
        return text
    }

    /// The text from the start of its `n`-th word from the end.
    static func lastWords(_ text: String, _ n: Int) -> String {
        var seen = 0
        var inWord = false
        for index in text.indices.reversed() {
            let space = text[index].isWhitespace
            if !space && !inWord { seen += 1 }
            if space && inWord && seen == n { return String(text[text.index(after: index)...]) }
            inWord = !space
        }
        return text
    }

    /// Words added and removed.
    static func stats(_ chunks: [DiffChunk]) -> (added: Int, removed: Int) {
        var added = 0
        var removed = 0
        for chunk in chunks {
            switch chunk {
            case .added(let s): added += s.split(whereSeparator: { $0.isWhitespace }).count
            case .removed(let s): removed += s.split(whereSeparator: { $0.isWhitespace }).count
            case .same: break
            }
        }
        return (added, removed)
    }

    static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var currentIsWord = false
        for c in text {
            let isWord = c.isLetter || c.isNumber || c == "'" || c == "’"
            if isWord && currentIsWord {
                current.append(c)
                continue
            }
            if !current.isEmpty { result.append(current) }
            current = String(c)
            currentIsWord = isWord
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    static func lcs(_ a: [String], _ b: [String]) -> [DiffChunk] {
        let n = a.count
        let m = b.count
        var table = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var ops: [DiffChunk] = []
        var i = 0
        var j = 0
        while i < n && j < m {
            if a[i] == b[j] {
                ops.append(.same(a[i]))
                i += 1
                j += 1
            } else if table[i + 1][j] >= table[i][j + 1] {
                ops.append(.removed(a[i]))
                i += 1
            } else {
                ops.append(.added(b[j]))
                j += 1
            }
        }
        while i < n {
            ops.append(.removed(a[i]))
            i += 1
        }
        while j < m {
            ops.append(.added(b[j]))
            j += 1
        }
        return ops
    }

    /// Joins neighbours of the same kind; a lone space between two changes joins the change,
    /// so "[-a-] [-b-]" reads "[-a b-]".
    static func merge(_ ops: [DiffChunk]) -> [DiffChunk] {
        var out: [DiffChunk] = []
        for op in ops {
            switch (out.last, op) {
            case (.same(let x)?, .same(let y)): out[out.count - 1] = .same(x + y)
            case (.added(let x)?, .added(let y)): out[out.count - 1] = .added(x + y)
            case (.removed(let x)?, .removed(let y)): out[out.count - 1] = .removed(x + y)
            default: out.append(op)
            }
        }
        return out
    }
}
