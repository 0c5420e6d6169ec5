/// How a draft reads as a whole on each rated scale (`Models/text-heads.tsv`, fitted by `Models/fit_scoring.py`):
/// per rubric a ridge regression of the raters' score (0–1, higher better) on the mean of the draft's contextual
/// sentence vectors, with `prior` sentences of the rated texts' average among them (a draft of a few sentences says
/// less about how it reads as a whole, so its reading stays nearer the average). Linear in that mean, so the reading
/// is exactly the centre plus each sentence's share — how much better or worse it reads than an average sentence of
/// the rated texts, over the number of sentences read and the prior — and every point of it is traced to a
/// sentence. Pure.
public struct TextHeads: Sendable {
    public struct Head: Sendable, Equatable {
        /// The rubric whose scale it reads (`organisational-benefit`).
        public var rubric: String
        /// The reading of a draft whose sentences all read as the average rated sentence.
        public var centre: Float
        /// w·(the rated texts' average sentence vector, the mean of each text's mean): what an average sentence
        /// gives, taken off each sentence's own.
        public var offset: Float
        /// How many average sentences the reading counts beside the draft's own.
        public var prior: Float
        public var weights: [Float]

        /// What one sentence gives the draft's reading before it is divided among the sentences read.
        public func share(_ vector: [Float]) -> Float { dotProduct(weights, vector) - offset }
    }

    public let heads: [Head]

    /// Parses `rubric centre offset prior weights…` lines (weights space-separated); `#` lines are comments. A
    /// malformed line is a programming error in the generator.
    public init(tsv: String) {
        heads = HeadsTSV.lines(tsv).map { fields in
            guard fields.count == 5, let centre = Float(fields[1]), let offset = Float(fields[2]),
                let prior = Float(fields[3])
            else { preconditionFailure("text-heads.tsv: malformed line \(fields[0].prefix(60))") }
            return Head(
                rubric: String(fields[0]), centre: centre, offset: offset, prior: prior,
                weights: HeadsTSV.floats(fields[4]))
        }
        precondition(Set(heads.map(\.rubric)).count == heads.count, "text-heads.tsv: a rubric has two lines")
    }

    /// One rubric's reading of a draft: `centre + Σ shares`, with each read sentence's share (already divided by
    /// the number read and the prior) by its index in the draft.
    public struct Reading: Sendable, Equatable {
        public var centre: Float
        public var shares: [Int: Float]
        public var value: Float { centre + shares.values.reduce(0, +) }
    }
}
