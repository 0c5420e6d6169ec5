import Foundation

/// The fine-tuned encoder's own heads (`Models/sentence-heads.tsv`, written by `Models/train_encoder.py` and
/// calibrated by `Models/fit_scoring.py`): one per criterion the labellers read in real texts, each a logistic
/// regression over the contextual sentence vector, its logit calibrated (Platt: `sigmoid(a·z + b)`, fitted on
/// readings of texts the model never saw), with the threshold from which a sentence counts. Pure.
public struct SentenceClassifier: Sendable {
    public struct Head: Sendable, Equatable {
        /// The labellers' id (`blame`) and the rubric criterion it reads (`no-blame`).
        public var label: String
        public var criterion: String
        public var weights: [Float]
        public var bias: Float
        public var plattA: Float
        public var plattB: Float
        public var threshold: Double

        /// The calibrated strength of a sentence with this vector (0–1).
        public func strength(_ vector: [Float]) -> Double {
            1 / (1 + exp(-Double(plattA * logit(vector) + plattB)))
        }

        /// The head's own logit, before calibration.
        public func logit(_ vector: [Float]) -> Float {
            var z = bias
            for d in 0..<min(weights.count, vector.count) { z += weights[d] * vector[d] }
            return z
        }
    }

    public let heads: [Head]
    private let byCriterion: [String: [Int]]

    /// Parses the TSV: `label criterion bias platt-a platt-b threshold weights…` (weights space-separated);
    /// lines starting with `#` are comments. A malformed line is a programming error in the generator.
    public init(tsv: String) {
        var heads: [Head] = []
        for line in tsv.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 7, let bias = Float(fields[2]), let a = Float(fields[3]), let b = Float(fields[4]),
                let threshold = Double(fields[5])
            else { preconditionFailure("sentence-heads.tsv: malformed line \(line.prefix(60))") }
            let weights = fields[6].split(separator: " ").compactMap { Float($0) }
            heads.append(
                Head(
                    label: String(fields[0]), criterion: String(fields[1]), weights: weights, bias: bias,
                    plattA: a, plattB: b, threshold: threshold))
        }
        self.heads = heads
        byCriterion = Dictionary(grouping: heads.indices, by: { heads[$0].criterion })
    }

    /// The heads that read criterion `id` (none when the fine-tuned model was not taught it). Most criteria have
    /// one; a criterion that gathers several things the labellers saw apart (`no-grievance`: venting, blame,
    /// insults) has a line, and a head, for each.
    public func heads(forCriterion id: String) -> [Int] { byCriterion[id] ?? [] }

    /// The head of the labellers' id `label` (`ask-clear`).
    public func head(labelled label: String) -> Head? { heads.first { $0.label == label } }
}

/// The situation a draft reads as (`Models/situation-head.tsv`, fitted by `Models/fit_scoring.py`): multinomial
/// logistic regression over the draft's contextual sentence vectors averaged with how clearly each states the ask
/// (the situation is in the ask, not in the story around it). Pure.
public struct SituationHead: Sendable {
    public let situations: [String]
    private let weights: [[Float]]
    private let biases: [Float]

    /// `situation bias weights…` per line (weights space-separated); `#` lines are comments.
    public init(tsv: String) {
        var situations: [String] = []
        var weights: [[Float]] = []
        var biases: [Float] = []
        for line in tsv.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let fields = line.split(separator: "\t")
            guard fields.count == 3, let bias = Float(fields[1]) else {
                preconditionFailure("situation-head.tsv: malformed line \(line.prefix(60))")
            }
            situations.append(String(fields[0]))
            biases.append(bias)
            weights.append(fields[2].split(separator: " ").compactMap { Float($0) })
        }
        self.situations = situations
        self.weights = weights
        self.biases = biases
    }

    /// Each situation's probability for a draft whose sentence vectors average to `mean` (not normalised).
    public func probabilities(_ mean: [Float]) -> [(situation: String, probability: Double)] {
        let logits = zip(weights, biases).map { w, b in
            Double(zip(w, mean).reduce(b) { $0 + $1.0 * $1.1 })
        }
        let top = logits.max() ?? 0
        let exps = logits.map { exp($0 - top) }
        let total = exps.reduce(0, +)
        return zip(situations, exps).map { ($0, $1 / total) }
    }

    /// The most likely situation, or nil without a head.
    public func situation(_ mean: [Float]) -> String? {
        probabilities(mean).max { $0.probability < $1.probability }?.situation
    }
}
