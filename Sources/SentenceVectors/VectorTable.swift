import CSentenceTable

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The static sentence-vector table: one int8 row (with its own scale) per WordPiece vocabulary entry,
/// distilled from all-MiniLM-L6-v2 by `Models/generate_table.py` (the layout is in `Models/README.md`).
/// It only reads bytes that never change — the table linked into the binary, or a buffer a test made —
/// so it is pure and can be shared between threads.
public struct VectorTable: @unchecked Sendable {
    public let rows: Int
    public let dimensions: Int
    public let unknownID: Int
    private let base: UnsafeRawPointer
    private let slots: Int
    private let offsetsAt: Int, hashAt: Int, scalesAt: Int, dataAt: Int, stringsAt: Int

    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The bytes of `Models/table.bin` as linked into the binary (`table.S`).
    static var builtInBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: pitchcoach_sentence_table(), count: pitchcoach_sentence_table_size())
    }

    /// The table carried by the binary.
    public static let builtIn: VectorTable = {
        do { return try VectorTable(bytes: builtInBytes) } catch {
            fatalError("the sentence-vector table linked into this binary is damaged: \(error)")
        }
    }()

    /// Reads a table laid out as `Models/README.md` says. The bytes must outlive the table.
    public init(bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count >= 64,
            Array(bytes[0..<8]) == Array("PCSVTBL1".utf8)
        else { throw FormatError(description: "not a PCSVTBL1 table") }
        func u32(_ at: Int) -> Int {
            Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        }
        rows = u32(8)
        dimensions = u32(12)
        slots = u32(16)
        let stringBytes = u32(20)
        unknownID = u32(24)
        offsetsAt = 64
        hashAt = offsetsAt + 4 * (rows + 1)
        scalesAt = hashAt + 4 * slots
        dataAt = scalesAt + 4 * rows
        stringsAt = dataAt + rows * dimensions
        guard rows > 0, dimensions > 0, slots > rows, slots & (slots - 1) == 0, unknownID < rows,
            stringsAt + stringBytes <= bytes.count
        else { throw FormatError(description: "sizes do not fit the file") }
        self.base = base
        guard u32(offsetsAt + 4 * rows) == stringBytes else {
            throw FormatError(description: "string offsets are damaged")
        }
    }

    private func u32(_ at: Int) -> Int {
        Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
    }

    /// The vocabulary entry of an id, as written in `vocab.txt` (continuations start with "##").
    public func token(_ id: Int) -> String {
        let start = u32(offsetsAt + 4 * id)
        let end = u32(offsetsAt + 4 * id + 4)
        return String(
            decoding: UnsafeRawBufferPointer(start: base + stringsAt + start, count: end - start), as: UTF8.self)
    }

    /// The id of a vocabulary entry, "##" when `prefixed`, then `bytes`, or nil: FNV-1a into an open-addressed
    /// table written by the generator, so no dictionary is built at start-up.
    func id(prefixed: Bool, _ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var hash: UInt32 = 2_166_136_261
        if prefixed {
            hash = (hash ^ 35) &* 16_777_619
            hash = (hash ^ 35) &* 16_777_619
        }
        for b in bytes { hash = (hash ^ UInt32(b)) &* 16_777_619 }
        let body = prefixed ? 2 : 0
        let length = bytes.count + body
        var slot = Int(hash) & (slots - 1)
        while true {
            let entry = u32(hashAt + 4 * slot)
            if entry == 0 { return nil }
            let id = entry - 1
            let start = u32(offsetsAt + 4 * id)
            let end = u32(offsetsAt + 4 * id + 4)
            if end - start == length {
                let stored = (base + stringsAt + start).assumingMemoryBound(to: UInt8.self)
                if (!prefixed || (stored[0] == 35 && stored[1] == 35))
                    && (length == body || memcmp(stored + body, bytes.baseAddress!, bytes.count) == 0)
                {
                    return id
                }
            }
            slot = (slot + 1) & (slots - 1)
        }
    }

    func id(prefixed: Bool, _ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { id(prefixed: prefixed, $0) }
    }

    /// Adds row `id` (dequantised) to `sum`.
    func accumulate(_ id: Int, into sum: UnsafeMutablePointer<Float>) {
        let scale = Float(bitPattern: UInt32(u32(scalesAt + 4 * id)))
        let row = (base + dataAt + id * dimensions).assumingMemoryBound(to: Int8.self)
        for d in 0..<dimensions { sum[d] += scale * Float(row[d]) }
    }
}
