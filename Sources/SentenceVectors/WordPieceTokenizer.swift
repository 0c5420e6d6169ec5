import Foundation

/// BERT-uncased WordPiece, as the reference tokenizer of all-MiniLM-L6-v2 does it (checked against its ids on
/// `Models/fixtures/tokenizer.tsv`): control characters dropped, CJK ideographs apart, accents stripped (NFD,
/// combining marks dropped), lower-cased, split on whitespace and on every punctuation character, then greedy
/// longest-match-first pieces with `##` continuations, and `[UNK]` for a word that has none or runs over 100
/// characters. No [CLS]/[SEP]: the static vectors are means over the text's own pieces.
public struct WordPieceTokenizer: Sendable {
    public let table: VectorTable
    static let longestWord = 100

    public init(table: VectorTable) { self.table = table }

    /// The vocabulary ids of a text's pieces, in order.
    public func ids(_ text: String) -> [Int] {
        var out: [Int] = []
        forEachID(in: text) { out.append($0) }
        return out
    }

    /// Calls `body` with the id of each piece, without collecting them.
    public func forEachID(in text: String, _ body: (Int) -> Void) {
        var text = text
        let ascii: Bool? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
            forEachASCIIID(bytes, body)
            return true
        }
        guard ascii == false else { return }
        forEachUnicodeID(in: text, body)
    }

    /// The same rules on an all-ASCII text, byte by byte: no scalars, no normalisation, no allocation per word.
    private func forEachASCIIID(_ text: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.longestWord + 1) { word in
            var length = 0
            var overlong = false
            func flush() {
                if overlong {
                    body(table.unknownID)
                } else if length > 0 {
                    bytePieces(UnsafeBufferPointer(rebasing: word[0..<length]), body)
                }
                length = 0
                overlong = false
            }
            for b in text {
                if b == 32 || b == 9 || b == 10 || b == 13 {
                    flush()
                    continue
                }
                if b < 32 || b == 127 { continue }
                if Self.isPunctuation(Unicode.Scalar(b)) {
                    flush()
                    word[0] = b
                    length = 1
                    flush()
                    continue
                }
                if length == Self.longestWord {
                    overlong = true
                    continue
                }
                word[length] = b >= 65 && b <= 90 ? b + 32 : b
                length += 1
            }
            flush()
        }
    }

    /// WordPiece over one word of single-byte characters.
    private func bytePieces(_ word: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        // Most words are one piece: try the whole word first, without collecting.
        if let id = table.id(prefixed: false, word) {
            body(id)
            return
        }
        greedyPieces(count: word.count, body) { start, end in
            table.id(prefixed: start > 0, UnsafeBufferPointer(rebasing: word[start..<end]))
        }
    }

    /// Greedy longest-match-first over a word of `count` characters: from its start, the longest piece the
    /// vocabulary has (`id` looks up characters `start..<end`, a `##` continuation after the first), then on from
    /// that piece's end. A word with a start that no piece fits is one `[UNK]`, so nothing is sent before the
    /// whole word is split.
    private func greedyPieces(count: Int, _ body: (Int) -> Void, id: (_ start: Int, _ end: Int) -> Int?) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { found in
            var pieces = 0
            var start = 0
            while start < count {
                var end = count
                var match: Int?
                while end > start {
                    if let piece = id(start, end) {
                        match = piece
                        break
                    }
                    end -= 1
                }
                guard let piece = match else {
                    body(table.unknownID)
                    return
                }
                found[pieces] = piece
                pieces += 1
                start = end
            }
            for k in 0..<pieces { body(found[k]) }
        }
    }

    private func forEachUnicodeID(in text: String, _ body: (Int) -> Void) {
        var word: [Unicode.Scalar] = []
        var pieceBytes: [UInt8] = []
        var boundaries: [Int] = []
        func flush() {
            guard !word.isEmpty else { return }
            // Punctuation splits the (normalised) word into pieces; each punctuation character is one.
            var start = 0
            let normal = Self.normalise(word)
            for (k, scalar) in normal.enumerated() where Self.isPunctuation(scalar) {
                wordPieces(normal[start..<k], &pieceBytes, &boundaries, body)
                wordPieces(normal[k..<(k + 1)], &pieceBytes, &boundaries, body)
                start = k + 1
            }
            wordPieces(normal[start...], &pieceBytes, &boundaries, body)
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 { // the common case, without asking for Unicode properties
                if v == 32 || v == 9 || v == 10 || v == 13 {
                    flush()
                } else if v >= 32 && v != 127 {
                    word.append(scalar)
                }
                continue
            }
            if v == 0 || v == 0xFFFD || Self.isControl(scalar) { continue }
            if v == 32 || scalar.properties.isWhitespace {
                flush()
                continue
            }
            if Self.isCJK(v) {
                flush()
                word.append(scalar)
                flush()
                continue
            }
            word.append(scalar)
        }
        flush()
    }

    /// WordPiece over one punctuation-free word, its characters' UTF-8 bytes found through `boundaries`.
    private func wordPieces(
        _ word: ArraySlice<Unicode.Scalar>, _ bytes: inout [UInt8], _ boundaries: inout [Int],
        _ body: (Int) -> Void
    ) {
        guard !word.isEmpty else { return }
        guard word.count <= Self.longestWord else {
            body(table.unknownID)
            return
        }
        bytes.removeAll(keepingCapacity: true)
        boundaries.removeAll(keepingCapacity: true)
        boundaries.append(0)
        for scalar in word {
            if scalar.value < 0x80 {
                bytes.append(UInt8(scalar.value))
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
            boundaries.append(bytes.count)
        }
        greedyPieces(count: word.count, body) { start, end in
            table.id(prefixed: start > 0, bytes[boundaries[start]..<boundaries[end]])
        }
    }

    /// Accents stripped (NFD, nonspacing marks dropped), then lower-cased, as the reference normaliser orders it.
    static func normalise(_ word: [Unicode.Scalar]) -> [Unicode.Scalar] {
        if word.allSatisfy({ $0.value < 0x80 }) {
            return word.map { $0.value >= 65 && $0.value <= 90 ? Unicode.Scalar($0.value + 32)! : $0 }
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: word)
        let stripped = String(text).decomposedStringWithCanonicalMapping.unicodeScalars
            .filter { $0.properties.generalCategory != .nonspacingMark }
        var plain = String.UnicodeScalarView()
        plain.append(contentsOf: stripped)
        return Array(String(plain).lowercased().unicodeScalars)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse: return true
        default: return false
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        guard v >= 0x80 else { return false }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    static func isCJK(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
