import SentenceVectors

/// Teaches each sentence criterion from its examples, as utterances teach an intent: the sentences that show it
/// against its near misses and every other criterion's examples. The built-in rubrics are trained once, at build
/// time (`embed-resources`); a rubric loaded from a user's folder is trained when it is loaded.
public enum CriterionTraining {
    /// Fewer examples that show a criterion than this, and it keeps to its phrases: a head learnt from a handful
    /// of sentences recognises less than the phrases do.
    public static let minimumExamples = 8

    /// `rubrics` with a head on every sentence criterion that has enough examples and no head yet (or on those of
    /// `only`, the rubric ids to train, when given). The examples of all of `rubrics` are the negatives.
    public static func train(_ rubrics: [Rubric], only: Set<String>? = nil, encoder: SentenceEncoder = .builtIn,
                             training: LinearHead.Training = LinearHead.Training()) -> [Rubric] {
        let wanted = rubrics.contains { rubric in
            (only.map { $0.contains(rubric.id) } ?? true) && rubric.criteria.contains { $0.readsSentences && $0.head == nil }
        }
        guard wanted else { return rubrics }
        var cache: [String: SentenceVector] = [:]
        func vector(_ text: String) -> SentenceVector {
            if let known = cache[text] { return known }
            let made = encoder.vector(text)
            cache[text] = made
            return made
        }
        // Every example text of every criterion and every neutral sentence, in file order (the fit is deterministic).
        let pool = rubrics.flatMap { $0.criteria.flatMap { $0.examples.map(\.text) } + $0.neutral }
        var trained = rubrics
        for (r, rubric) in rubrics.enumerated() where only.map({ $0.contains(rubric.id) }) ?? true {
            for (c, criterion) in rubric.criteria.enumerated() where criterion.readsSentences && criterion.head == nil {
                let showing = Set(criterion.examples.filter(criterion.shows).map(\.text))
                guard showing.count >= minimumExamples else { continue }
                // Each text once: those that show it are positives, every other example text a negative.
                var samples = showing.sorted().map { LinearHead.Sample(vector: vector($0), shows: true) }
                var seen = showing
                for text in pool where seen.insert(text).inserted {
                    samples.append(LinearHead.Sample(vector: vector(text), shows: false))
                }
                trained[r].criteria[c].head = LinearHead.train(samples, training)
                trained[r].criteria[c].showingVectors = QuantizedVectors(criterion.examples.filter(criterion.shows).map { vector($0.text) })
            }
        }
        return trained
    }
}
