import SentenceVectors

/// What the scorer knows about each sentence of a draft before any criterion looks at it: its vector (made once,
/// shared by every criterion's head) and whether it may earn evidence at all.
struct SentenceFacts {
    let encoder: SentenceEncoder
    /// One per sentence; empty when no criterion has a head. (Reading each clause on its own as well, the
    /// strongest reading counting, ranked corpus-dev worse: 0.84 → 0.78 overall. A sentence is read whole.)
    let vectors: [SentenceVector]
    /// False for a keyword list, a fragment, or a repeat of an earlier sentence: evidence must be said, once.
    let earns: [Bool]

    init(_ document: TextDocument, vectors wanted: Bool, encoder: SentenceEncoder = .builtIn) {
        self.encoder = encoder
        vectors = wanted ? document.sentences.map { encoder.vector(document.text(from: $0.start, to: $0.end)) } : []
        var seen: Set<[Int32]> = []
        earns = document.sentences.map { sentence in
            let tokens = document.tokens[sentence.tokens]
            return Self.readsAsSentence(tokens) && seen.insert(tokens.map(\.stemID)).inserted
        }
    }

    /// Words that hold a sentence together. A text without any is a fragment ("Joan ready, Joan trained"), and one
    /// whose comma-separated parts mostly lack them is a list of keywords, however many it names.
    static let functionWords: Set<String> = [
        "a", "an", "the", "to", "of", "in", "on", "for", "with", "at", "by", "from", "into", "onto", "about", "over", "under",
        "until", "after", "before", "through", "and", "but", "or", "so", "because", "if", "than", "as", "that", "this",
        "these", "those", "which", "who", "whom", "what", "when", "where", "while", "i", "we", "you", "he", "she", "they", "it",
        "me", "us", "him", "her", "them", "my", "our", "your", "his", "their", "its", "is", "are", "was", "were", "be", "been",
        "being", "am", "will", "would", "can", "could", "should", "shall", "may", "might", "must", "have", "has", "had",
        "do", "does", "did", "not", "no", "there", "here", "up", "out", "off", "down", "since", "per", "each", "every",
    ]

    static func readsAsSentence(_ tokens: ArraySlice<Token>) -> Bool {
        var parts = 0, partsWithout = 0, partHas = false, any = false
        for token in tokens {
            if token.clauseBreakBefore || parts == 0 {
                if parts > 0 && !partHas { partsWithout += 1 }
                parts += 1; partHas = false
            }
            if functionWords.contains(token.norm) { partHas = true; any = true }
        }
        if parts > 0 && !partHas { partsWithout += 1 }
        guard any else { return false }
        return parts < 3 || Double(partsWithout) < 0.6 * Double(parts)
    }
}

/// The example a sentence found by meaning most resembles (the highest cosine among the examples that show the
/// criterion), so a finding can say `reads like: "…"`. The examples are encoded once, when first asked.
struct Resemblance {
    let criterion: Criterion
    let encoder: SentenceEncoder
    private var examples: [(text: String, vector: SentenceVector)]?

    init(criterion: Criterion, encoder: SentenceEncoder) { self.criterion = criterion; self.encoder = encoder }

    mutating func closest(to vector: SentenceVector) -> String? {
        if examples == nil {
            examples = criterion.examples.filter(criterion.shows).map { ($0.text, encoder.vector($0.text)) }
        }
        return examples?.max { $0.vector.dot(vector) < $1.vector.dot(vector) }?.text
    }
}
