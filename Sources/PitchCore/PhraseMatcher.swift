import Foundation

/// A slot in a phrase that matches a kind of word rather than one word.
enum TokenClass: String, Sendable, CaseIterable {
    /// A person's name: a capitalised word that is not a common word.
    case name
    /// A number: 40, 1,000, 3.5, $120k, twenty.
    case number
    /// A time word: March, Q3, weeks, Monday, tomorrow.
    case time
    /// Any one word.
    case any

    static let numberWords: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "half",
        "dozen", "double", "twice",
    ]
    static let timeWords: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec",
        "monday", "tuesday", "wednesday", "thursday", "friday", "q1", "q2", "q3", "q4", "h1", "h2", "week", "weeks",
        "month",
        "months", "quarter", "quarters", "year", "years", "day", "days", "spring", "summer", "autumn", "fall", "winter",
        "tomorrow", "weekly", "monthly", "fortnight", "date", "deadline", "end", "start", "today",
    ]
    /// Capitalised words that are not names (sentence starters, pronouns, months, titles, acronyms of roles).
    static let notNames: Set<String> = [
        "i", "the", "a", "an", "we", "my", "our", "this", "that", "these", "those", "it", "if", "in",
        "on", "as", "he", "she", "they", "you", "your", "his", "her", "their", "since", "while", "when", "what", "so",
        "but", "and",
        "also", "please", "thank", "thanks", "dear", "hi", "hello", "after", "before", "however", "there", "here", "at",
        "for",
        "from", "with", "by", "to", "of", "or", "not", "no", "yes", "all", "each", "every", "both", "who", "how", "why",
        "where",
        "which", "then", "now", "once", "until", "over", "because", "although", "though", "sincerely", "regards",
        "best", "kind",
        "team", "manager", "boss", "ceo", "hr", "cto", "vp", "director", "department", "company", "mr", "mrs", "ms",
        "dr", "sir",
        "madam", "re", "subject", "is", "are", "was", "were", "will", "would", "can", "could", "should", "may", "might",
        "do",
        "did", "have", "has", "had", "let", "just", "even", "still", "only", "perhaps", "maybe", "moving", "given",
        "going",
        "being", "having", "one", "two", "three", "first", "second", "next", "last", "new", "some", "any", "most",
        "more", "many",
        "much", "very", "really", "overall", "finally", "additionally", "currently", "recently", "unfortunately",
        "ultimately",
        "instead", "again", "such", "other", "another", "someone", "somebody", "everyone", "nobody", "anyone", "today",
        "tomorrow",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
        "april",
        "june", "july", "august", "september", "october", "november", "december", "god", "ok", "okay", "well", "sorry",
        "good",
        "great", "our", "me", "us", "them", "him", "its", "q1", "q2", "q3", "q4", "mentor", "director", "lead",
        "leader",
    ]

    var bit: UInt8 {
        switch self {
        case .name: 1
        case .number: 2
        case .time: 4
        case .any: 8
        }
    }

    /// Every class that accepts `token`, as a bit set (computed once per token by the tokenizer).
    static func classes(of token: Token, norm: String, facts: WordFacts) -> UInt8 {
        var bits = TokenClass.any.bit
        if token.hasDigit || facts.numberWord { bits |= TokenClass.number.bit }
        if facts.timeWord || (token.hasDigit && norm.count <= 4) { bits |= TokenClass.time.bit }
        if token.capitalized && !token.hasDigit && facts.nameShaped
            && !(token.sentenceInitial && (norm.hasSuffix("ing") || norm.hasSuffix("ly") || norm.hasSuffix("ed")))
        {
            bits |= TokenClass.name.bit
        }
        return bits
    }

    /// Whether a token with these class bits (`Token.classes`) fills this slot.
    func accepts(_ classes: UInt8) -> Bool { classes & bit != 0 }
}

/// Whose point of view a word speaks from: the perspective metric counts these.
public enum Focus: UInt8, Sendable {
    case none
    /// The team, the organisation, the customers, "we" and "our".
    case them
    /// "You" and "your": half credit, as often the start of an accusation as of the boss's view.
    case you
    /// "I", "me", "my".
    case me

    static let themWords: Set<String> = [
        "we", "our", "ours", "us", "team", "teams",
        "organisation", "organization", "company", "department", "business", "group", "customers", "customer",
        "clients",
        "client", "firm", "division", "unit", "everyone", "colleagues", "stakeholders", "org", "boss", "manager",
    ]
    static let youWords: Set<String> = ["you", "your", "yours", "yourself"]
    static let meWords: Set<String> = ["i", "me", "my", "mine", "myself"]

    init(_ norm: String) {
        self =
            Self.youWords.contains(norm)
            ? .you : Self.themWords.contains(norm) ? .them : Self.meWords.contains(norm) ? .me : .none
    }
}

/// What the word lists say about one word, looked up once per distinct word of a text.
struct WordFacts: Sendable {
    var numberWord: Bool
    var timeWord: Bool
    var focus: Focus
    /// Long enough and not a common capitalised word: a capital would make it a name.
    var nameShaped: Bool
    var functionWord: Bool
    init(_ norm: String) {
        functionWord = SentenceFacts.functionWords.contains(norm)
        numberWord = TokenClass.numberWords.contains(norm)
        focus = Focus(norm)
        timeWord = TokenClass.timeWords.contains(norm)
        nameShaped = norm.count >= 2 && !TokenClass.notNames.contains(norm)
    }
}

/// One element of a phrase once compiled: a word (compared by stem) or a class of words.
enum PhraseToken: Equatable, Sendable {
    case word(String)
    case slot(TokenClass)
}

/// A token trie over all phrases of one criterion (or one co-occurrence group). Matching walks the trie
/// from each token with a bounded number of steps, so the work is linear in the text whatever the rubric says.
struct PhraseMatcher: Sendable {
    init() {}

    /// Word edges of every node in one table, keyed by node and interned stem (`StemTable`). Lexicons
    /// multiply phrases into thousands of nodes; one table for all of them builds far faster than a
    /// dictionary per node.
    private var wordEdges: [Int64: Int32] = [:]
    /// Word-class edges ("{name}", "*") of each node: few nodes have any, and an empty list costs nothing.
    private var slotEdges: [[(TokenClass, Int32)]] = [[]]
    /// Whether a phrase ends at each node; node 0 is the root.
    private var terminal: [Bool] = [false]
    /// The root's word children as an array indexed by interned stem (-1: none). Most tokens start no
    /// phrase, and this answers that for each of them without hashing.
    private var rootWords: [Int32] = []
    private(set) var maxDepth = 0
    /// Words that, shortly before a hit, negate it ("I won't quit", "no successor yet").
    var respectNegation = true
    /// Upper bound on trie steps from one token: keeps pathological rubrics linear.
    static let stepBudget = 512
    /// Refuse rubrics whose phrases (after lexicon expansion) need more nodes than this.
    static let nodeLimit = 200_000

    enum BuildError: Error { case tooLarge }

    private static func key(_ node: Int32, _ stem: Int32) -> Int64 {
        Int64(node) << 32 | Int64(UInt32(bitPattern: stem))
    }

    mutating func insert(_ alternatives: [[[PhraseToken]]]) throws {
        // `alternatives[i]` lists the token sequences that may stand at position i (a lexicon gives several).
        var frontier: [Int32] = [0]
        for options in alternatives {
            var next: [Int32] = []
            var seen: Set<Int32> = []
            for node in frontier {
                for option in options {
                    var current = node
                    for token in option { current = try child(of: current, for: token) }
                    if seen.insert(current).inserted { next.append(current) }
                }
            }
            frontier = next
        }
        for node in frontier { terminal[Int(node)] = true }
        maxDepth = max(maxDepth, alternatives.map { $0.map(\.count).max() ?? 0 }.reduce(0, +))
    }

    private mutating func newNode() throws -> Int32 {
        guard terminal.count < Self.nodeLimit else { throw BuildError.tooLarge }
        terminal.append(false)
        slotEdges.append([])
        return Int32(terminal.count - 1)
    }

    private mutating func child(of node: Int32, for token: PhraseToken) throws -> Int32 {
        switch token {
        case .word(let stem):
            let id = StemTable.id(stem)
            if let existing = wordEdges[Self.key(node, id)] { return existing }
            let created = try newNode()
            wordEdges[Self.key(node, id)] = created
            if node == 0 {
                if rootWords.count <= Int(id) {
                    rootWords += Array(repeating: -1, count: Int(id) + 1 - rootWords.count)
                }
                rootWords[Int(id)] = created
            }
            return created
        case .slot(let kind):
            if let existing = slotEdges[Int(node)].first(where: { $0.0 == kind }) { return existing.1 }
            let created = try newNode()
            slotEdges[Int(node)].append((kind, created))
            return created
        }
    }

    var isEmpty: Bool { terminal.count == 1 }

    /// What matching one sentence found, and what it cost.
    struct Matches {
        /// Non-overlapping hits, longest first at each start: token index ranges.
        var hits: [Range<Int>]
        /// Trie steps taken: at most `stepBudget` from each token, so matching stays linear in the text.
        var steps: Int
    }

    /// Non-overlapping hits in one sentence, longest first at each start, and the steps finding them took.
    func matches(in document: TextDocument, sentence: Sentence) -> Matches {
        var hits: [Range<Int>] = []
        var steps = 0
        var stack: [(node: Int32, position: Int)] = []
        var i = sentence.tokens.lowerBound
        let end = sentence.tokens.upperBound
        let rootSlots = slotEdges[0]
        // Token fields are read in place: copying a whole token retains its two strings, and this loop
        // runs for every token and every criterion.
        let tokens = document.tokens
        while i < end {
            let id = Int(tokens[i].stemID)
            if (id >= rootWords.count || rootWords[id] < 0)
                && !rootSlots.contains(where: { $0.0.accepts(tokens[i].classes) })
            {
                i += 1
                continue
            }
            var longest = -1
            var budget = Self.stepBudget
            stack.removeAll(keepingCapacity: true)
            stack.append((0, i))
            while let (node, position) = stack.popLast(), budget > 0 {
                budget -= 1
                steps += 1
                if terminal[Int(node)] && position > i { longest = max(longest, position) }
                guard position < end else { continue }
                if let next = wordEdges[Self.key(node, tokens[position].stemID)] { stack.append((next, position + 1)) }
                for (kind, next) in slotEdges[Int(node)] where kind.accepts(tokens[position].classes) {
                    stack.append((next, position + 1))
                }
            }
            if longest > i {
                if !(respectNegation && isNegated(start: i, in: document, sentence: sentence)) {
                    hits.append(i..<longest)
                }
                i = longest
            } else {
                i += 1
            }
        }
        return Matches(hits: hits, steps: steps)
    }

    private static let clauseBreaks: Set<String> = ["but", "because", "though", "although", "however", "yet"]

    /// A negator in the four tokens before the hit, within the same clause.
    func isNegated(start: Int, in document: TextDocument, sentence: Sentence) -> Bool {
        var j = start - 1
        while j >= max(sentence.tokens.lowerBound, start - 4) {
            // A comma, colon or dash between two words closes the clause: "If it doesn't happen, I will leave".
            if document.tokens[j + 1].clauseBreakBefore { return false }
            let norm = document.tokens[j].norm
            if Self.clauseBreaks.contains(norm) { return false }
            if Morphology.negators.contains(norm) { return true }
            j -= 1
        }
        return false
    }
}

extension PhraseMatcher {
    /// Nodes, then edges with their stems spelt out: stem numbers (`StemTable`) belong to one process.
    func archive(into out: inout ArchiveWriter) {
        out.int(terminal.count)
        for flag in terminal { out.bool(flag) }
        // In (node, stem) order, stems numbered as first met: the same rubric gives the same bytes.
        let ordered = wordEdges.map {
            (node: Int32($0.key >> 32), stem: StemTable.stem(of: Int32(truncatingIfNeeded: $0.key)), child: $0.value)
        }
        .sorted { ($0.node, $0.stem) < ($1.node, $1.stem) }
        var stems: [String: Int] = [:]
        var stemList: [String] = []
        var edges: [(node: Int32, stem: Int, child: Int32)] = []
        for edge in ordered {
            if stems[edge.stem] == nil {
                stems[edge.stem] = stemList.count
                stemList.append(edge.stem)
            }
            edges.append((edge.node, stems[edge.stem]!, edge.child))
        }
        out.int(stemList.count)
        for stem in stemList { out.string(stem) }
        out.int(edges.count)
        for edge in edges {
            out.int(Int(edge.node))
            out.int(edge.stem)
            out.int(Int(edge.child))
        }
        let slotted = slotEdges.indices.filter { !slotEdges[$0].isEmpty }
        out.int(slotted.count)
        for node in slotted {
            out.int(node)
            out.int(slotEdges[node].count)
            for (kind, child) in slotEdges[node] {
                out.string(kind.rawValue)
                out.int(Int(child))
            }
        }
        out.int(maxDepth)
        out.bool(respectNegation)
    }

    init(unarchiving input: inout ArchiveReader) throws {
        let nodeCount = try input.count()
        guard nodeCount >= 1 else { throw RubricArchive.DecodeError() }
        terminal = try (0..<nodeCount).map { _ in try input.bool() }
        slotEdges = Array(repeating: [], count: nodeCount)
        let stemIDs = try (0..<input.count()).map { _ in StemTable.id(try input.string()) }
        let edgeCount = try input.count()
        wordEdges.reserveCapacity(edgeCount)
        for _ in 0..<edgeCount {
            let node = try input.count()
            let stem = try input.count()
            let child = try input.count()
            guard node < nodeCount, child < nodeCount, stem < stemIDs.count else { throw RubricArchive.DecodeError() }
            let id = stemIDs[stem]
            wordEdges[Self.key(Int32(node), id)] = Int32(child)
            if node == 0 {
                if rootWords.count <= Int(id) {
                    rootWords += Array(repeating: -1, count: Int(id) + 1 - rootWords.count)
                }
                rootWords[Int(id)] = Int32(child)
            }
        }
        for _ in 0..<(try input.count()) {
            let node = try input.count()
            guard node < nodeCount else { throw RubricArchive.DecodeError() }
            for _ in 0..<(try input.count()) {
                guard let kind = TokenClass(rawValue: try input.string()) else { throw RubricArchive.DecodeError() }
                let child = try input.count()
                guard child < nodeCount else { throw RubricArchive.DecodeError() }
                slotEdges[node].append((kind, Int32(child)))
            }
        }
        maxDepth = try input.count()
        respectNegation = try input.bool()
    }
}
