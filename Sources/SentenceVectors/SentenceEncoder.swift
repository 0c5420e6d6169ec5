/// A sentence as a point in the table's space: the mean of its pieces' rows, L2-normalised, so the dot
/// product of two vectors is their cosine similarity.
public struct SentenceVector: Equatable, Sendable {
    public var values: [Float]
    /// Pieces the text had; a text with none is the zero vector.
    public var pieces: Int

    public init(values: [Float], pieces: Int) {
        self.values = values
        self.pieces = pieces
    }

    public func dot(_ other: SentenceVector) -> Float { dotProduct(values, other.values) }
}

/// Σ a[d]·b[d] over the dimensions both have: a cosine of two vectors, or a linear head's weights on a vector.
func dotProduct(_ a: [Float], _ b: [Float]) -> Float {
    var sum: Float = 0
    for d in 0..<min(a.count, b.count) { sum += a[d] * b[d] }
    return sum
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

/// Sentence vectors kept small: int8 with one scale per vector, as the table keeps its rows. A criterion keeps its
/// examples' vectors this way (made when it is trained), so saying which example a sentence reads like needs no
/// encoding at run time.
public struct QuantizedVectors: Equatable, Sendable {
    public let dimensions: Int
    public let scales: [Float]
    public let values: [Int8]
    public var count: Int { scales.count }

    public init(dimensions: Int, scales: [Float], values: [Int8]) {
        self.dimensions = dimensions
        self.scales = scales
        self.values = values
    }

    public init(_ vectors: [SentenceVector]) {
        dimensions = vectors.first?.values.count ?? 0
        var scales: [Float] = []
        var values: [Int8] = []
        for vector in vectors {
            let largest = vector.values.map(abs).max() ?? 0
            let scale = largest > 0 ? largest / 127 : 1
            scales.append(scale)
            values += vector.values.map { Int8(max(-127, min(127, ($0 / scale).rounded()))) }
        }
        self.scales = scales
        self.values = values
    }

    /// The vectors as floats, row-major, for searching many times.
    public var dequantised: [Float] {
        var out = [Float](repeating: 0, count: values.count)
        for i in 0..<count {
            for d in 0..<dimensions { out[i * dimensions + d] = Float(values[i * dimensions + d]) * scales[i] }
        }
        return out
    }

    /// The index of the row of `rows` (`dequantised`) with the highest dot product with `vector`.
    public func nearest(to vector: SentenceVector, in rows: [Float]) -> Int? {
        guard count > 0, vector.values.count == dimensions, rows.count == values.count else { return nil }
        var best = 0
        var bestScore = -Float.infinity
        rows.withUnsafeBufferPointer { rows in
            vector.values.withUnsafeBufferPointer { v in
                for i in 0..<count {
                    var sum: Float = 0
                    let row = rows.baseAddress! + i * dimensions
                    for d in 0..<dimensions { sum += row[d] * v[d] }
                    if sum > bestScore {
                        bestScore = sum
                        best = i
                    }
                }
            }
        }
        return best
    }

    /// The index of the vector with the highest dot product with `vector` (the most similar sentence).
    public func nearest(to vector: SentenceVector) -> Int? { nearest(to: vector, in: dequantised) }
}
