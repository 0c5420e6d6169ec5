import Foundation
import SentenceVectors
import Synchronization

/// Teaches each sentence criterion from its examples, as utterances teach an intent: the sentences that show it
/// against its near misses and every other criterion's examples. The built-in rubrics are trained once, at build
/// time (`embed-resources`); a rubric loaded from a user's folder is trained when it is loaded.
public enum CriterionTraining {
    /// Fewer examples that show a criterion than this, and it keeps to its phrases: a head learnt from a handful
    /// of sentences recognises less than the phrases do.
    public static let minimumExamples = 8

    /// The most negatives a user's criterion learns against (`negativeLimit`): a fixed sample of every other example,
    /// so training costs the same for each criterion and grows linearly with the criteria, not with their square.
    /// The built-in rubrics are trained at build time against all of them.
    public static let userNegativeLimit = 1_000

    /// The most criteria learning from examples in the rubrics a run loads from a user's folders: past it, a run
    /// would train for minutes the first time.
    public static let userCriteriaLimit = 100

    /// What one criterion learns from: its showing examples (sorted), then the other example texts, each once,
    /// in file order; at most `negativeLimit` of them, spread evenly over all.
    public struct Lesson: Sendable {
        public var rubric: Int, criterion: Int
        public var positives: [String], negatives: [String]
    }

    /// The lessons `train` gives: one per sentence criterion with enough examples and no head yet (of `only`).
    public static func lessons(_ rubrics: [Rubric], only: Set<String>? = nil, negativeLimit: Int? = nil) -> [Lesson] {
        // Every example text of every criterion and every neutral sentence, in file order (the fit is deterministic).
        var pool: [String] = []
        var inPool = Set<String>()
        let texts = rubrics.flatMap { $0.criteria.flatMap { $0.examples.map(\.text) } + $0.neutral }
        for text in texts where inPool.insert(text).inserted { pool.append(text) }
        var lessons: [Lesson] = []
        for (r, rubric) in rubrics.enumerated() where only.map({ $0.contains(rubric.id) }) ?? true {
            for (c, criterion) in rubric.criteria.enumerated() where criterion.readsSentences && criterion.head == nil {
                let showing = Set(criterion.examples.filter(criterion.shows).map(\.text))
                guard showing.count >= minimumExamples else { continue }
                // Each text once: those that show it are positives, every other example text a negative.
                var others = pool
                if let negativeLimit, pool.count > negativeLimit {
                    others = (0..<negativeLimit).map { pool[$0 * pool.count / negativeLimit] }
                }
                lessons.append(
                    Lesson(
                        rubric: r, criterion: c, positives: showing.sorted(),
                        negatives: others.filter { !showing.contains($0) }))
            }
        }
        return lessons
    }

    /// `rubrics` with a head on every sentence criterion that has enough examples and no head yet (or on those of
    /// `only`, the rubric ids to train, when given). The examples of all of `rubrics` are the negatives, or an even
    /// sample of `negativeLimit` of them. The criteria are trained side by side (each fit is independent).
    public static func train(
        _ rubrics: [Rubric], only: Set<String>? = nil, negativeLimit: Int? = nil,
        encoder: SentenceEncoder = .builtIn,
        training: LinearHead.Training = LinearHead.Training()
    ) -> [Rubric] {
        let lessons = lessons(rubrics, only: only, negativeLimit: negativeLimit)
        guard !lessons.isEmpty else { return rubrics }
        var encoded: [String: SentenceVector] = [:]
        for lesson in lessons {
            for text in lesson.positives + lesson.negatives where encoded[text] == nil {
                encoded[text] = encoder.vector(text)
            }
        }
        let vectors = encoded
        let heads = Mutex<[Int: LinearHead]>([:])
        DispatchQueue.concurrentPerform(iterations: lessons.count) { k in
            let lesson = lessons[k]
            let samples =
                lesson.positives.map { LinearHead.Sample(vector: vectors[$0]!, shows: true) }
                + lesson.negatives.map { LinearHead.Sample(vector: vectors[$0]!, shows: false) }
            let head = LinearHead.train(samples, training)
            heads.withLock { $0[k] = head }
        }
        var trained = rubrics
        let learnt = heads.withLock { $0 }
        for (k, lesson) in lessons.enumerated() {
            let criterion = rubrics[lesson.rubric].criteria[lesson.criterion]
            trained[lesson.rubric].criteria[lesson.criterion].head = learnt[k]
            trained[lesson.rubric].criteria[lesson.criterion].showingVectors =
                QuantizedVectors(criterion.examples.filter(criterion.shows).map { vectors[$0.text]! })
        }
        return trained
    }
}

/// The heads a run trained for a user's rubrics, as bytes the command line keeps in its cache folder, so that an
/// unchanged rubric is not trained again on every run. Pure: reading and writing the file is the caller's.
public enum TrainedHeads {
    static let magic: UInt64 = 0x7063_6864_0001 // "pchd", format 1

    /// What the heads `train(rubrics, only:, negativeLimit:)` gives depend on: every rubric's id and fingerprint, the
    /// heads already there (they carry the encoder: another encoder trains other built-in heads), and the settings.
    public static func key(_ rubrics: [Rubric], only: Set<String>?, negativeLimit: Int?) -> String {
        var out = ArchiveWriter()
        out.int(magic)
        out.int(negativeLimit ?? 0)
        out.int(LinearHead.Training().steps)
        for id in (only ?? []).sorted() { out.string(id) }
        for rubric in rubrics {
            out.string(rubric.id)
            out.string(rubric.fingerprint)
            for criterion in rubric.criteria {
                guard let head = criterion.head else { continue }
                for weight in head.weights { out.int(UInt64(weight.bitPattern)) }
                out.int(UInt64(head.bias.bitPattern))
            }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in out.bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// The heads (and example vectors) of the criteria `lessons` trained in `rubrics`.
    public static func encode(_ rubrics: [Rubric], lessons: [CriterionTraining.Lesson]) -> [UInt8] {
        var out = ArchiveWriter()
        out.int(magic)
        out.int(lessons.count)
        for lesson in lessons {
            let criterion = rubrics[lesson.rubric].criteria[lesson.criterion]
            out.int(lesson.rubric)
            out.int(lesson.criterion)
            out.string(criterion.id)
            let head = criterion.head ?? LinearHead(weights: [], bias: 0)
            out.int(head.weights.count)
            for weight in head.weights { out.int(UInt64(weight.bitPattern)) }
            out.int(UInt64(head.bias.bitPattern))
            let vectors = criterion.showingVectors ?? QuantizedVectors([])
            out.int(vectors.dimensions)
            out.int(vectors.count)
            for scale in vectors.scales { out.int(UInt64(scale.bitPattern)) }
            out.bytes += vectors.values.map { UInt8(bitPattern: $0) }
        }
        return out.bytes
    }

    /// `rubrics` with the heads of `bytes` put back on exactly the criteria `lessons` names; nil when they do not fit
    /// (a damaged or foreign file: then the caller trains).
    public static func decode(
        _ bytes: [UInt8], into rubrics: [Rubric],
        lessons: [CriterionTraining.Lesson]
    ) -> [Rubric]? {
        var input = ArchiveReader(bytes: bytes)
        var result = rubrics
        do {
            guard try input.int() == magic, try input.count() == lessons.count else { return nil }
            for lesson in lessons {
                guard try input.count() == lesson.rubric, try input.count() == lesson.criterion,
                    try input.string() == rubrics[lesson.rubric].criteria[lesson.criterion].id
                else { return nil }
                func float() throws -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: try input.int())) }
                let weights = try (0..<input.count()).map { _ in try float() }
                let bias = try float()
                let dimensions = try input.count()
                let count = try input.count()
                let scales = try (0..<count).map { _ in try float() }
                let values = try input.raw(dimensions * count).map { Int8(bitPattern: $0) }
                guard !weights.isEmpty, weights.count == dimensions else { return nil }
                result[lesson.rubric].criteria[lesson.criterion].head = LinearHead(weights: weights, bias: bias)
                result[lesson.rubric].criteria[lesson.criterion].showingVectors =
                    QuantizedVectors(dimensions: dimensions, scales: scales, values: Array(values))
            }
        } catch { return nil }
        return input.offset == bytes.count ? result : nil
    }
}
