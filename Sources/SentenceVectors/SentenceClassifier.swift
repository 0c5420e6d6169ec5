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
        public func logit(_ vector: [Float]) -> Float { bias + dotProduct(weights, vector) }
    }

    public let heads: [Head]
    private let byCriterion: [String: [Int]]

    /// Parses the TSV: `label criterion bias platt-a platt-b threshold weights…` (weights space-separated);
    /// lines starting with `#` are comments. A malformed line is a programming error in the generator.
    public init(tsv: String) {
        var heads: [Head] = []
        for fields in HeadsTSV.lines(tsv) {
            guard fields.count == 7, let bias = Float(fields[2]), let a = Float(fields[3]), let b = Float(fields[4]),
                let threshold = Double(fields[5])
            else { preconditionFailure("sentence-heads.tsv: malformed line \(fields[0].prefix(60))") }
            let weights = HeadsTSV.floats(fields[6])
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
    public func head(labelled label: String) -> Head? { headIndex(labelled: label).map { heads[$0] } }

    /// The index of that head (in `heads`, and in a reading's strengths).
    public func headIndex(labelled label: String) -> Int? { heads.firstIndex { $0.label == label } }
}

/// The situation a draft reads as (`Models/situation-head.tsv`, fitted by `Models/fit_scoring.py`): multinomial
/// logistic regression over the draft's contextual sentence vectors averaged with how clearly each states the ask
/// (the situation is in the ask, not in the story around it), and over how often the draft names each situation
/// outright ("raise", "step down", "another team": the file's `cue` lines), in the whole draft and in its ask.
/// Pure.
public struct SituationHead: Sendable {
    public let situations: [String]
    private let weights: [[Float]]
    private let biases: [Float]
    /// The cue words by class, in the file's order: each cue a list of words, a word ending in `*` a prefix.
    private let cueClasses: [(name: String, cues: [[String]])]

    /// `situation bias weights…` per line (weights space-separated), `cue class words` per cue; `#` lines are
    /// comments.
    public init(tsv: String) {
        var situations: [String] = []
        var weights: [[Float]] = []
        var biases: [Float] = []
        var cueClasses: [(name: String, cues: [[String]])] = []
        for fields in HeadsTSV.lines(tsv) {
            if fields.count == 3, fields[0] == "cue" {
                let cue = fields[2].split(separator: " ").map(String.init)
                if let k = cueClasses.firstIndex(where: { $0.name == fields[1] }) {
                    cueClasses[k].cues.append(cue)
                } else {
                    cueClasses.append((String(fields[1]), [cue]))
                }
                continue
            }
            guard fields.count == 3, let bias = Float(fields[1]) else {
                preconditionFailure("situation-head.tsv: malformed line \(fields[0].prefix(60))")
            }
            situations.append(String(fields[0]))
            biases.append(bias)
            weights.append(HeadsTSV.floats(fields[2]))
        }
        self.situations = situations
        self.weights = weights
        self.biases = biases
        self.cueClasses = cueClasses
    }

    /// How many cue classes the head reads.
    public var cueClassCount: Int { cueClasses.count }
    /// The cue classes' names, in the order `cueCounts` counts them.
    public var cueClassNames: [String] { cueClasses.map(\.name) }

    /// How many times one sentence names each cue class (in the order of the cue lines); nothing for a sentence
    /// of fewer than three words. Words are runs of a–z, 0–9 and apostrophes once lowercased.
    public func cueCounts(_ sentence: String) -> [Float] {
        var words: [Substring] = []
        let lower = sentence.lowercased()
        var start: String.Index?
        for i in lower.indices {
            let c = lower[i]
            let inWord = c.isASCII && (c.isLetter || c.isNumber || c == "'")
            if inWord, start == nil { start = i }
            if !inWord, let s = start {
                words.append(lower[s..<i])
                start = nil
            }
        }
        if let s = start { words.append(lower[s...]) }
        guard words.count >= 3 else { return [Float](repeating: 0, count: cueClasses.count) }
        return cueClasses.map { cueClass in
            Float(cueClass.cues.reduce(0) { $0 + Self.count($1, in: words) })
        }
    }

    static func count(_ cue: [String], in words: [Substring]) -> Int {
        guard !cue.isEmpty, words.count >= cue.count else { return 0 }
        return (0...(words.count - cue.count)).filter { i in
            cue.indices.allSatisfy { j in
                cue[j].hasSuffix("*") ? words[i + j].hasPrefix(cue[j].dropLast()) : words[i + j] == cue[j]
            }
        }.count
    }

    /// The features the head reads: the ask-weighted mean vector, then per cue class log(1 + times said), then
    /// log(1 + 3 × times said weighted by each sentence's ask-clear probability).
    public static func features(mean: [Float], said: [Float], asked: [Float]) -> [Float] {
        mean + said.map { log1p($0) } + asked.map { log1p(3 * $0) }
    }

    /// Each situation's probability for a draft with these `features` (not normalised).
    public func probabilities(_ features: [Float]) -> [(situation: String, probability: Double)] {
        let logits = zip(weights, biases).map { w, b in
            Double(zip(w, features).reduce(b) { $0 + $1.0 * $1.1 })
        }
        let top = logits.max() ?? 0
        let exps = logits.map { exp($0 - top) }
        let total = exps.reduce(0, +)
        return zip(situations, exps).map { ($0, $1 / total) }
    }

    /// The most likely situation, or nil without a head. The head reads a move sideways as one class (`lateral`;
    /// taught apart, lateral moves and transfers split the few moves it learns from): it is a `transfer` when the
    /// draft says one of the `transfer` cue words ("another office", "relocate": the rating guide's "another
    /// office, city or site"), `lateral` when it says none. A city by its name is not a cue: "the Leeds office"
    /// reads as a move sideways.
    public func situation(_ features: [Float]) -> String? {
        let best = probabilities(features).max { $0.probability < $1.probability }?.situation
        guard best == "lateral" || best == "transfer",
            let place = cueClasses.firstIndex(where: { $0.name == "transfer" })
        else { return best }
        let said = features.count - 2 * cueClasses.count + place
        return said >= 0 && said < features.count && features[said] > 0 ? "transfer" : "lateral"
    }
}
