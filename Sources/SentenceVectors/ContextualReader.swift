import CEncoderWeights
import Foundation

/// What the fine-tuned encoder reads in a draft: each sentence's contextual vector (`ContextualEncoder`), how
/// strongly it shows each criterion the model was taught (`SentenceClassifier`), and the situation the draft reads as
/// (`SituationHead`, over the mean of its sentences' vectors), and how it reads as a whole on each rated scale
/// (`TextHeads`, over the same mean). Pure once built; the built-in one reads the model files linked into the binary.
public struct ContextualReader: Sendable {
    public let encoder: ContextualEncoder
    public let classifier: SentenceClassifier
    public let situations: SituationHead
    public let textHeads: TextHeads

    /// A pitch is a page: a text longer than this (bytes) keeps the static table, which reads a megabyte in a
    /// fraction of a second where the encoder would take minutes.
    public static let textLimit = 100_000

    public init(
        encoder: ContextualEncoder, classifier: SentenceClassifier, situations: SituationHead,
        textHeads: TextHeads = TextHeads(tsv: "")
    ) {
        self.encoder = encoder
        self.classifier = classifier
        self.situations = situations
        self.textHeads = textHeads
    }

    /// The reader over the model files linked into the binary.
    public static let builtIn: ContextualReader? = {
        let encoder = ContextualEncoder.builtIn
        func text(_ pointer: UnsafePointer<CChar>?, _ size: Int) -> String {
            guard let pointer else { return "" }
            return pointer.withMemoryRebound(to: UInt8.self, capacity: size) {
                String(decoding: UnsafeBufferPointer(start: $0, count: size), as: UTF8.self)
            }
        }
        let heads = text(pitchcoach_sentence_heads(), pitchcoach_sentence_heads_size())
        let situations = text(pitchcoach_situation_head(), pitchcoach_situation_head_size())
        let textHeads = text(pitchcoach_text_heads(), pitchcoach_text_heads_size())
        return ContextualReader(
            encoder: encoder, classifier: SentenceClassifier(tsv: heads),
            situations: SituationHead(tsv: situations), textHeads: TextHeads(tsv: textHeads))
    }()

    /// One draft's readings: `strengths[head][sentence]` (0 for a sentence not read) and what the situation head
    /// reads (`SituationHead.features`: every sentence's vector, the thin ones too, averaged with the ask-clear head's
    /// uncalibrated probability as weight, and the cue words said), and the whole-text readings by rubric id.
    public struct Readings: Sendable {
        public var strengths: [[Float]]
        public var situationFeatures: [Float]
        public var sentencesRead: Int
        public var textReadings: [String: TextHeads.Reading] = [:]
    }

    /// Vectors made ahead of many small reads (`prefetch`): the rubric self-test reads 3,000 one-sentence examples,
    /// three times faster encoded together than one by one.
    private let prefetched = PrefetchedVectors()

    /// Encodes `texts` together and keeps their vectors for the reads that follow (at most 20,000 kept).
    public func prefetch(_ texts: [String]) {
        let unique = Array(Set(texts)).sorted().prefix(PrefetchedVectors.limit)
        prefetched.store(zip(unique, encoder.vectors(Array(unique))))
    }

    /// Reads `sentences` (the index of each in the draft, and its text) of a draft of `sentenceCount` sentences;
    /// `alsoForSituation` (greetings, headings, sign-offs: too thin for the criteria) count for the situation only,
    /// which was fitted on every sentence of a text ("Subject: moving to the Data Platform team" says the move).
    public func read(
        _ sentences: [(index: Int, text: String)], alsoForSituation: [(index: Int, text: String)] = [],
        sentenceCount: Int
    ) -> Readings {
        let every = sentences + alsoForSituation
        let known = prefetched.lookup(every.map(\.text))
        let missing = every.indices.filter { known[$0] == nil }
        var made = encoder.vectors(missing.map { every[$0].text }).makeIterator()
        let everyVector = every.indices.map { known[$0] ?? made.next()! }
        let vectors = Array(everyVector.prefix(sentences.count))
        var strengths = classifier.heads.map { _ in [Float](repeating: 0, count: sentenceCount) }
        var mean = [Float](repeating: 0, count: everyVector.first?.values.count ?? 0)
        let ask = classifier.head(labelled: "ask-clear")
        var total: Float = 0
        var said = [Float](repeating: 0, count: situations.cueClassCount)
        var asked = said
        var textReadings = Dictionary(
            uniqueKeysWithValues: textHeads.heads.map { ($0.rubric, TextHeads.Reading(centre: $0.centre, shares: [:])) }
        )
        for (entry, vector) in zip(every, everyVector) {
            let weight = ask.map { 1 / (1 + exp(-$0.logit(vector.values))) } ?? 1
            for d in mean.indices { mean[d] += weight * vector.values[d] }
            total += weight
            for (k, count) in situations.cueCounts(entry.text).enumerated() where count > 0 {
                said[k] += count
                asked[k] += weight * count
            }
        }
        for (entry, vector) in zip(sentences, vectors) {
            for head in textHeads.heads {
                textReadings[head.rubric]?.shares[entry.index] =
                    head.share(vector.values) / (Float(vectors.count) + head.prior)
            }
            for (h, head) in classifier.heads.enumerated() {
                strengths[h][entry.index] = Float(head.strength(vector.values))
            }
        }
        if total > 0 { for d in mean.indices { mean[d] /= total + 1e-6 } }
        return Readings(
            strengths: strengths, situationFeatures: SituationHead.features(mean: mean, said: said, asked: asked),
            sentencesRead: vectors.count, textReadings: textReadings)
    }
}

/// Vectors kept by `ContextualReader.prefetch`, shared by the threads that read.
final class PrefetchedVectors: @unchecked Sendable {
    static let limit = 20_000
    private var vectors: [String: SentenceVector] = [:]
    private let lock = NSLock()

    func store<S: Sequence>(_ pairs: S) where S.Element == (String, SentenceVector) {
        lock.lock()
        defer { lock.unlock() }
        for (text, vector) in pairs where vectors.count < Self.limit { vectors[text] = vector }
    }

    func lookup(_ texts: [String]) -> [SentenceVector?] {
        lock.lock()
        defer { lock.unlock() }
        return vectors.isEmpty ? texts.map { _ in nil } : texts.map { vectors[$0] }
    }
}
