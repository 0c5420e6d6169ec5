/// A sentence as a point in the table's space: the mean of its pieces' rows, L2-normalised, so the dot
/// product of two vectors is their cosine similarity.
public struct SentenceVector: Equatable, Sendable {
    public var values: [Float]
    /// Pieces the text had; a text with none is the zero vector.
    public var pieces: Int

    public init(values: [Float], pieces: Int) { self.values = values; self.pieces = pieces }

    public func dot(_ other: SentenceVector) -> Float {
        var sum: Float = 0
        for d in 0..<min(values.count, other.values.count) { sum += values[d] * other.values[d] }
        return sum
    }
}

/// Text → `SentenceVector` with the static table: tokenize, sum the rows, normalise. Pure.
public struct SentenceEncoder: Sendable {
    public let tokenizer: WordPieceTokenizer
    public var table: VectorTable { tokenizer.table }

    public init(table: VectorTable) { tokenizer = WordPieceTokenizer(table: table) }

    /// The encoder over the table carried by the binary.
    public static let builtIn = SentenceEncoder(table: .builtIn)

    public func vector(_ text: String) -> SentenceVector {
        let dimensions = table.dimensions
        var values = [Float](repeating: 0, count: dimensions)
        var pieces = 0
        values.withUnsafeMutableBufferPointer { sum in
            tokenizer.forEachID(in: text) { id in
                table.accumulate(id, into: sum.baseAddress!)
                pieces += 1
            }
            var norm: Float = 0
            for d in 0..<dimensions { norm += sum[d] * sum[d] }
            norm = norm.squareRoot()
            if norm > 0 { for d in 0..<dimensions { sum[d] /= norm } }
        }
        return SentenceVector(values: values, pieces: pieces)
    }
}
