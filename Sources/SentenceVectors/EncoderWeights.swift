import CEncoderWeights

/// The contextual encoder's weights, laid out as `Models/encoder_format.py` says, read in place: the tensors are
/// pointers into the bytes (the file linked into the binary, or a buffer a test made), so opening them copies
/// nothing and touches only the 64-byte header and table of contents. Only reads bytes that never change, so
/// it can be shared between threads. Assumes a little-endian machine, as the file is.
public struct EncoderWeights: @unchecked Sendable {
    public let layers: Int
    public let hidden: Int
    public let heads: Int
    public let intermediate: Int
    public let vocabulary: Int
    public let maxPositions: Int
    private let tensors: [String: Tensor]

    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    /// One tensor of the file: float32 rows, or int8 rows with one float32 scale per row (a value is `q * scale`).
    struct Tensor {
        let isInt8: Bool
        let rows: Int
        let columns: Int
        /// Where the tensor's data starts: its floats, or (int8) its `rows` scales followed by the int8 rows.
        let data: UnsafeRawPointer

        var count: Int { rows * columns }
        /// The floats of a float32 tensor, read in place.
        var floats: UnsafePointer<Float>? { isInt8 ? nil : data.assumingMemoryBound(to: Float.self) }

        /// Writes rows `rows` as floats to `out` (row-major, `columns` apart): dequantised, or copied when float32.
        func write(rows range: Range<Int>, to out: UnsafeMutablePointer<Float>) {
            if let floats {
                out.update(from: floats + range.lowerBound * columns, count: range.count * columns)
                return
            }
            let scales = data.assumingMemoryBound(to: Float.self)
            let values = (data + 4 * rows).assumingMemoryBound(to: Int8.self)
            for (k, row) in range.enumerated() {
                let scale = scales[row]
                let source = values + row * columns
                let target = out + k * columns
                // A plain loop over contiguous bytes: the compiler turns it into SIMD conversions and multiplies.
                for c in 0..<columns { target[c] = Float(source[c]) * scale }
            }
        }
    }

    /// The bytes of `Models/encoder.bin` as linked into the binary (`encoder.S`).
    static var builtInBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: pitchcoach_encoder_weights(), count: pitchcoach_encoder_weights_size())
    }

    /// Reads the header and the table of contents; checks that every tensor lies inside the bytes and is aligned.
    /// The bytes must outlive the weights.
    public init(bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count >= 64, Array(bytes[0..<8]) == Array("PCENC002".utf8) else {
            throw FormatError(description: "not a PCENC002 encoder file")
        }
        func u32(_ at: Int) -> Int {
            Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        }
        let count = u32(8)
        layers = u32(12)
        hidden = u32(16)
        heads = u32(20)
        intermediate = u32(24)
        vocabulary = u32(28)
        maxPositions = u32(32)
        guard layers > 0, hidden > 0, heads > 0, hidden % heads == 0, intermediate > 0, vocabulary > 0,
            maxPositions > 2, 64 + 96 * count <= bytes.count
        else {
            throw FormatError(description: "the header's sizes do not fit the file")
        }
        var tensors: [String: Tensor] = [:]
        for k in 0..<count {
            // 96 bytes an entry: the name (80 bytes, NUL padded), then kind, rows, columns, offset.
            let entry = 64 + 96 * k
            let name = String(decoding: bytes[entry..<entry + 80].prefix { $0 != 0 }, as: UTF8.self)
            let kind = u32(entry + 80)
            let rows = u32(entry + 84)
            let columns = u32(entry + 88)
            let offset = u32(entry + 92)
            let size = kind == 1 ? 4 * rows + rows * columns : 4 * rows * columns
            guard kind <= 1, rows > 0, columns > 0, offset % 64 == 0, offset + size <= bytes.count else {
                throw FormatError(description: "tensor \(name) does not fit the file")
            }
            // The file's offsets are 64-aligned; the bytes must be at least float-aligned for the in-place reads.
            guard Int(bitPattern: base + offset) % 4 == 0 else {
                throw FormatError(description: "the bytes are not aligned")
            }
            tensors[name] = Tensor(isInt8: kind == 1, rows: rows, columns: columns, data: base + offset)
        }
        self.tensors = tensors
    }

    /// The tensor called `name`, checked to be `rows` × `columns` (a vector is one row; nil rows: any number).
    func tensor(_ name: String, rows: Int?, columns: Int) throws -> Tensor {
        guard let tensor = tensors[name] else { throw FormatError(description: "no tensor \(name)") }
        guard tensor.rows == rows ?? tensor.rows, tensor.columns == columns else {
            throw FormatError(
                description: "\(name) is \(tensor.rows)×\(tensor.columns), "
                    + "expected \(rows ?? tensor.rows)×\(columns)")
        }
        return tensor
    }

    /// A vector that the encoder reads as floats in place (biases, LayerNorm weights): it must be stored float32.
    func vector(_ name: String, _ count: Int) throws -> UnsafePointer<Float> {
        guard let floats = try tensor(name, rows: 1, columns: count).floats else {
            throw FormatError(description: "\(name) must be float32")
        }
        return floats
    }
}
