import SentenceVectors

/// What the scorer knows about each sentence of a draft before any criterion looks at it: how strongly it shows
/// each criterion that has a head (its vector made once and read by every head, then let go: a 1 MB draft has ten
/// thousand sentences), and whether it may earn evidence at all.
struct SentenceFacts {
    let encoder: SentenceEncoder
    /// The strengths of one distinct sentence text for every head (in the order of `heads`) at
    /// `rows[row * headCount + head]`, and each sentence's row: a sentence repeated a million times ("I quit.")
    /// is encoded once and kept once.
    private let rows: [Float]
    private let rowOf: [Int32]
    private let headCount: Int
    private let heads: [String: Int]
    /// False for a keyword list, a fragment, or a repeat of an earlier sentence: evidence must be said, once.
    let earns: [Bool]
    /// Whether the heads read the sentence at all: a greeting, a sign-off or a heading ("Dear Mr Okafor,",
    /// "Best wishes, Ama") is too thin a vector to mean anything, and is left to the phrases.
    let readable: [Bool]
    /// How many distinct sentence texts are remembered so that a repeat is not encoded again.
    static let knownTexts = 50_000
    /// Fewer words than this are left to the phrases too.
    static let minimumWordsForMeaning = 3
    private let document: TextDocument

    /// The contextual readings (`ContextualReader`): every readable sentence run through the fine-tuned encoder once;
    /// nil for a text over `ContextualReader.textLimit` (or without the model), which keeps the static table.
    let contextual: ContextualReader.Readings?
    /// The fine-tuned heads that read each criterion (by key), with each head's own threshold and the criterion's.
    private let contextualHeads: [String: ContextualRead]
    /// The heads that read one criterion (each with its own threshold) and the criterion's threshold.
    typealias ContextualRead = (heads: [(index: Int, threshold: Double)], threshold: Double)
    let reader: ContextualReader?

    /// `criteria`: every criterion whose head will be asked, by a key unique in the scoring (`rubric/criterion`).
    init(
        _ document: TextDocument, criteria: [(key: String, criterion: Criterion)], encoder: SentenceEncoder = .builtIn,
        reader: ContextualReader? = .builtIn
    ) {
        self.encoder = encoder
        self.document = document
        var seen: Set<[Int32]> = []
        let sentences = document.sentences.map { Self.readsAsSentence(document.tokens[$0.tokens]) }
        earns = zip(document.sentences, sentences).map { sentence, reads in
            reads && seen.insert(document.tokens[sentence.tokens].map(\.stemID)).inserted
        }
        let readable = zip(document.sentences, sentences).map { sentence, reads in
            reads && sentence.tokens.count >= Self.minimumWordsForMeaning
        }
        self.readable = readable
        // The fine-tuned heads read the criteria they were taught (by id), in the rubrics, not in the question book.
        let reader = reader.flatMap { document.utf8Count <= ContextualReader.textLimit ? $0 : nil }
        self.reader = reader
        var contextualHeads: [String: ContextualRead] = [:]
        if let reader {
            for entry in criteria where entry.criterion.readsSentences && !QuestionBook.reads(key: entry.key) {
                let heads = reader.classifier.heads(forCriterion: entry.criterion.id)
                if !heads.isEmpty {
                    contextualHeads[entry.key] = (
                        heads.map { ($0, reader.classifier.heads[$0].threshold) }, entry.criterion.threshold
                    )
                }
            }
        }
        self.contextualHeads = contextualHeads
        func entry(_ k: Int) -> (index: Int, text: String) {
            (k, document.text(from: document.sentences[k].start, to: document.sentences[k].end))
        }
        contextual = reader?.read(
            document.sentences.indices.filter { readable[$0] }.map(entry),
            alsoForSituation: document.sentences.indices.filter { !readable[$0] }.map(entry),
            sentenceCount: document.sentences.count)
        // The table's heads read the criteria the model does not, and the red lines it does (a second opinion,
        // `tableStrength`); the other 15 criteria read in context are not read twice.
        let withHeads = criteria.compactMap { entry in
            contextualHeads[entry.key] == nil || entry.criterion.redLine != nil
                ? entry.criterion.head.map { (entry.key, $0) } : nil
        }
        heads = Dictionary(withHeads.enumerated().map { ($1.0, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [Float] = []
        var rowOf = [Int32](repeating: 0, count: withHeads.isEmpty ? 0 : document.sentences.count)
        // Texts seen, up to a bound (a draft of distinct sentences must not keep them all twice).
        var known: [String: Int32] = [:]
        if !withHeads.isEmpty {
            for (k, sentence) in document.sentences.enumerated() {
                let text = document.text(from: sentence.start, to: sentence.end)
                if let row = known[text] {
                    rowOf[k] = row
                    continue
                }
                let vector = encoder.vector(text)
                rowOf[k] = Int32(rows.count / withHeads.count)
                if known.count < Self.knownTexts { known[text] = rowOf[k] }
                for head in withHeads { rows.append(Float(head.1.strength(vector))) }
            }
        }
        self.rows = rows
        self.rowOf = rowOf
        headCount = withHeads.count
    }

    /// The first `count` sentences that read as sentences, by index: greetings and headings skipped, and thanks
    /// ("Thank you for thinking of me for the role."), which a pitch may give before its ask.
    func leading(_ count: Int) -> [Int] {
        Array(document.sentences.indices.filter { readable[$0] && !document.opensWithThanks($0) }.prefix(count))
    }

    /// How strongly sentence `k` shows the criterion of `key`; nil when it has no head.
    /// How strongly the static table's head reads sentence `k` for the criterion of `key`, whatever reads it in
    /// context; nil when it has no head.
    func tableStrength(_ key: String, sentence k: Int) -> Double? {
        heads[key].map { Double(rows[Int(rowOf[k]) * headCount + $0]) }
    }

    func strength(_ key: String, sentence k: Int) -> Double? {
        if let read = contextualHeads[key], let contextual {
            return read.heads.map {
                Self.aligned(Double(contextual.strengths[$0.index][k]), from: $0.threshold, to: read.threshold)
            }.max()
        }
        return heads[key].map { Double(rows[Int(rowOf[k]) * headCount + $0]) }
    }

    /// Whether the model reads sentence `k` as a grievance (a vent, a blame or an insult: the heads that read
    /// `no-grievance`) at least `share` of that head's own threshold, when every head of the criterion of `key` is
    /// a grievance head (an insult; a blame or a vent too, but only insults are red lines).
    /// The phrases of an insult say which thing it is ("I find you insipid and pretentious"); any grievance head
    /// may then say the sentence is hostile, as the criterion's own head may. Nil for any other criterion.
    func readsAsGrievance(_ key: String, sentence k: Int, share: Double) -> Bool? {
        guard let reader, let contextual, let own = contextualHeads[key] else { return nil }
        let grievance = reader.classifier.heads(forCriterion: Self.grievanceCriterion).map {
            reader.classifier.heads[$0]
        }
        let labels = Set(grievance.map(\.label))
        guard own.heads.allSatisfy({ labels.contains(reader.classifier.heads[$0.index].label) }) else { return nil }
        return reader.classifier.heads.indices.contains { index in
            let head = reader.classifier.heads[index]
            return labels.contains(head.label) && Double(contextual.strengths[index][k]) >= head.threshold * share
        }
    }

    /// The criterion the grievance heads read together (`Rubrics/organisational-benefit.yaml`).
    static let grievanceCriterion = "no-grievance"

    /// A head's strength `s` moved so that its own threshold `from` falls on the criterion's `to`, linearly on
    /// each side: above it a sentence earns the criterion exactly the credit it earns by its own head's threshold.
    /// A criterion read by several heads takes the strongest of them so (a sentence that vents or blames is one
    /// grievance, not two); for a criterion with one head the thresholds are the same and nothing moves.
    static func aligned(_ s: Double, from: Double, to: Double) -> Double {
        guard from != to else { return s }
        return s < from ? s * to / max(from, 1e-9) : to + (s - from) * (1 - to) / max(1 - from, 1e-9)
    }

    /// The sentences the fine-tuned model reads as stating the ask (the `ask-clear` head at its threshold or more);
    /// empty without contextual readings.
    var askSentences: Set<Int> {
        guard let reader, let contextual, let head = reader.classifier.headIndex(labelled: "ask-clear") else {
            return []
        }
        let threshold = reader.classifier.heads[head].threshold
        return Set(document.sentences.indices.filter { Double(contextual.strengths[head][$0]) >= threshold })
    }

    /// The situation the fine-tuned model reads the draft as; nil without contextual readings.
    var situation: String? {
        guard let contextual, contextual.sentencesRead > 0, let reader else { return nil }
        return reader.situations.situation(contextual.situationFeatures)
    }

    /// Whether the criterion of `key` is read by the fine-tuned model in this draft.
    func readsInContext(_ key: String) -> Bool { contextual != nil && contextualHeads[key] != nil }

    /// A sentence's vector, made again (only findings that are quoted need it).
    func vector(sentence k: Int) -> SentenceVector {
        let sentence = document.sentences[k]
        return encoder.vector(document.text(from: sentence.start, to: sentence.end))
    }

    /// Words that hold a sentence together. A text without any is a fragment ("Joan ready, Joan trained"), and one
    /// whose comma-separated parts mostly lack them is a list of keywords, however many it names.
    static let functionWords: Set<String> = [
        "a", "an", "the", "to", "of", "in", "on", "for", "with", "at", "by", "from", "into", "onto", "about", "over",
        "under",
        "until", "after", "before", "through", "and", "but", "or", "so", "because", "if", "than", "as", "that", "this",
        "these", "those", "which", "who", "whom", "what", "when", "where", "while", "i", "we", "you", "he", "she",
        "they", "it",
        "me", "us", "him", "her", "them", "my", "our", "your", "his", "their", "its", "is", "are", "was", "were", "be",
        "been",
        "being", "am", "will", "would", "can", "could", "should", "shall", "may", "might", "must", "have", "has", "had",
        "do", "does", "did", "not", "no", "there", "here", "up", "out", "off", "down", "since", "per", "each", "every",
    ]

    static func readsAsSentence(_ tokens: ArraySlice<Token>) -> Bool {
        var parts = 0
        var partsWithout = 0
        var partHas = false
        var any = false
        for token in tokens {
            if token.clauseBreakBefore || parts == 0 {
                if parts > 0 && !partHas { partsWithout += 1 }
                parts += 1
                partHas = false
            }
            if token.isFunctionWord {
                partHas = true
                any = true
            }
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
    private var examples: (texts: [String], vectors: QuantizedVectors, rows: [Float])?

    init(criterion: Criterion, encoder: SentenceEncoder) {
        self.criterion = criterion
        self.encoder = encoder
    }

    mutating func closest(to vector: SentenceVector) -> String? {
        if examples == nil {
            let texts = criterion.examples.filter(criterion.shows).map(\.text)
            // Trained criteria carry their examples' vectors; others are encoded here, once.
            let vectors =
                criterion.showingVectors.flatMap { $0.count == texts.count ? $0 : nil }
                ?? QuantizedVectors(texts.map { encoder.vector($0) })
            examples = (texts, vectors, vectors.dequantised)
        }
        return examples.flatMap { examples in
            examples.vectors.nearest(to: vector, in: examples.rows).map { examples.texts[$0] }
        }
    }
}
