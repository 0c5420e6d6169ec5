import Foundation

/// A text split into sentences and word tokens, each token keeping where it came from
/// (1-based line and column in Characters) so every finding can quote its sentence.
public struct Token: Equatable, Sendable {
    /// Lowercased, curly apostrophes straightened; contractions expanded ("won't" → "will" + "not").
    public var norm: String
    /// `norm` reduced by `Morphology.stem`, what phrase matching compares.
    public var stem: String
    /// `stem` interned (`StemTable`): what the phrase trie compares.
    var stemID: Int32 = 0
    /// Character offsets of the source text this token came from (contraction parts share one).
    public var start: Int
    public var end: Int
    public var line: Int
    public var column: Int
    public var sentence: Int
    /// Starts with an uppercase letter in the source.
    public var capitalized: Bool
    /// First word of its sentence (a capital there says nothing about a name).
    public var sentenceInitial: Bool
    public var hasDigit: Bool
    /// A comma, colon, dash or bracket stands between this token and the previous one (a clause break).
    public var clauseBreakBefore: Bool = false
    /// Which word classes (`TokenClass`) accept this token, worked out once.
    var classes: UInt8 = 0
    /// Whose point of view the word speaks from, for the perspective metric.
    public var focus: Focus = .none
}

public struct Sentence: Equatable, Sendable {
    public var start: Int
    public var end: Int
    public var line: Int
    public var column: Int
    /// Index range into `TextDocument.tokens`.
    public var tokens: Range<Int>
}

public struct TextDocument: Sendable {
    /// Each character's ASCII code, or 0xFF when it has none ("\r\n" has the code of "\n"): most
    /// questions about a character are answered from here, without touching `Character`.
    let codes: [UInt8]
    /// The characters, kept only when `codes` cannot stand for them: a text that is all ASCII and free
    /// of CR has one byte per character, and making a million `Character`s was a fifth of scoring 1 MB.
    private let storedCharacters: [Character]
    public var count: Int { codes.count }
    public private(set) var tokens: [Token] = []
    public private(set) var sentences: [Sentence] = []

    // Sets, not strings: `String.contains(Character)` walks the string's graphemes on every call.
    static let bullets: Set<Character> = ["•", "-", "*", "–", "—", "·", ">"]
    static let clausePunctuation: Set<Character> = [",", ";", ":", "—", "–", "(", ")"]
    static let closers: Set<Character> = ["\"", "'", "’", "”", ")"]

    static let abbreviations: Set<String> = ["mr", "mrs", "ms", "dr", "prof", "e.g", "i.e", "etc", "vs", "inc", "ltd", "jr", "sr", "st", "no", "approx", "dept"]

    public init(_ text: String) {
        let bytes = Array(text.utf8)
        if bytes.allSatisfy({ $0 < 0x80 && $0 != 13 }) {
            codes = bytes
            storedCharacters = []
        } else {
            storedCharacters = Array(text)
            codes = storedCharacters.map { $0.asciiValue ?? 0xFF }
        }
        tokenize()
    }

    /// The character at an offset.
    func character(_ k: Int) -> Character {
        storedCharacters.isEmpty ? Character(Unicode.Scalar(codes[k])) : storedCharacters[k]
    }

    /// The source between two character offsets, as written.
    public func text(from start: Int, to end: Int) -> String {
        let lower = max(0, start), upper = min(codes.count, end)
        guard lower < upper else { return "" }
        return storedCharacters.isEmpty ? String(decoding: codes[lower..<upper], as: UTF8.self) : String(storedCharacters[lower..<upper])
    }

    /// Line and column of a character offset.
    public func position(of offset: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for i in 0..<min(offset, codes.count) {
            if codes[i] == 10 { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    /// An ASCII letter, digit or apostrophe.
    static func isWordCode(_ ascii: UInt8) -> Bool {
        (ascii >= 97 && ascii <= 122) || (ascii >= 65 && ascii <= 90) || (ascii >= 48 && ascii <= 57) || ascii == 39
    }

    static func isWordCharacter(_ c: Character) -> Bool {
        if let ascii = c.asciiValue { return isWordCode(ascii) }
        return c.isLetter || c.isNumber || c == "'" || c == "’" || c.unicodeScalars.first.map { $0.properties.generalCategory == .nonspacingMark } == true
    }

    private mutating func tokenize() {
        // Words repeat: stem each distinct word once.
        var stems: [String: (stem: String, id: Int32, word: WordFacts)] = [:]
        var line = 1, column = 1
        var i = 0
        let n = codes.count
        tokens.reserveCapacity(n / 5 + 1)  // about one word in five characters of English: no regrowth copies
        var sentenceStart = 0, sentenceLine = 1, sentenceColumn = 1, sentenceTokenStart = 0
        var sentenceOpen = false
        var wordBytes: [UInt8] = []
        // `Character ==` compares strings and `asciiValue` inspects scalars: the loop below asks `codes`
        // first and looks at a `Character` only when it is not ASCII.
        let codes = codes
        func chars(_ k: Int) -> Character { character(k) }
        func isWord(_ k: Int) -> Bool {
            codes[k] != 0xFF ? Self.isWordCode(codes[k]) : Self.isWordCharacter(chars(k))
        }
        func isLetter(_ k: Int) -> Bool {
            codes[k] != 0xFF ? (codes[k] >= 97 && codes[k] <= 122) || (codes[k] >= 65 && codes[k] <= 90) : chars(k).isLetter
        }
        func isApostrophe(_ k: Int) -> Bool { codes[k] == 39 || (codes[k] == 0xFF && chars(k) == "’") }
        func isDigit(_ k: Int) -> Bool { codes[k] != 0xFF ? (codes[k] >= 48 && codes[k] <= 57) : chars(k).isNumber }
        func isClausePunctuation(_ k: Int) -> Bool {
            let a = codes[k]
            if a != 0xFF { return a == 44 || a == 59 || a == 58 || a == 40 || a == 41 }
            return Self.clausePunctuation.contains(chars(k))
        }

        func closeSentence(at end: Int) {
            if sentenceOpen && tokens.count > sentenceTokenStart {
                sentences.append(Sentence(start: sentenceStart, end: end, line: sentenceLine, column: sentenceColumn,
                                          tokens: sentenceTokenStart..<tokens.count))
            }
            sentenceOpen = false
            sentenceTokenStart = tokens.count
        }

        while i < n {
            let ascii = codes[i]
            if ascii == 10 || ascii == 13 || (ascii == 0xFF && (chars(i) == "\u{2028}" || chars(i) == "\u{2029}")) {
                // A blank line, a bullet or a capitalised start on the next line ends the sentence;
                // a lowercase continuation is a wrapped line of the same sentence.
                var j = i + 1
                while j < n, codes[j] == 32 || codes[j] == 9 { j += 1 }
                if j >= n || (codes[j] >= 10 && codes[j] <= 13) || (codes[j] >= 65 && codes[j] <= 90) || (codes[j] >= 48 && codes[j] <= 57)
                    || (codes[j] == 0xFF && (chars(j).isNewline || chars(j).isUppercase || chars(j).isNumber)) || Self.bullets.contains(chars(j)) {
                    closeSentence(at: i)
                }
                line += 1; column = 1; i += 1
                continue
            }
            if isWord(i) && !isApostrophe(i) {
                var j = i
                var hasDigit = false
                while j < n {
                    if isWord(j) { if isDigit(j) { hasDigit = true }; j += 1; continue }

                    // Keep 1,000 / 3.5 / e.g / co-worker together.
                    let joiner = codes[j]
                    if (joiner == 44 || joiner == 46) && j + 1 < n && isDigit(j - 1) && isDigit(j + 1) { j += 1; continue }
                    if joiner == 45 && j + 1 < n && isLetter(j + 1) && isLetter(j - 1) { j += 1; continue }
                    break
                }
                // Trailing apostrophes are quotes, not part of the word.
                var end = j
                while end > i + 1 && isApostrophe(end - 1) { end -= 1 }
                if !sentenceOpen {
                    sentenceOpen = true; sentenceStart = i; sentenceLine = line; sentenceColumn = column
                    sentenceTokenStart = tokens.count
                }
                // Lowercase into UTF-8 bytes: one String made per word, not one append per letter.
                wordBytes.removeAll(keepingCapacity: true)
                var needsExpansion = false
                for k in i..<end {
                    let ascii = codes[k]
                    if ascii != 0xFF {
                        if ascii == 39 || ascii == 45 { needsExpansion = true }
                        wordBytes.append(ascii >= 65 && ascii <= 90 ? ascii + 32 : ascii)
                    } else if chars(k) == "’" { wordBytes.append(39); needsExpansion = true }
                    else { wordBytes.append(contentsOf: chars(k).lowercased().utf8) }
                }
                let lowered = String(decoding: wordBytes, as: UTF8.self)
                let initial = tokens.count == sentenceTokenStart
                let clauseBreak = !initial && (tokens[tokens.count - 1].end..<i).contains { isClausePunctuation($0) }
                var first = true
                for part in needsExpansion ? Morphology.expand(lowered) : [lowered] {
                    let stem: String, stemID: Int32, facts: WordFacts
                    if let cached = stems[part] { (stem, stemID, facts) = cached } else {
                        stem = Morphology.stem(part); stemID = StemTable.id(stem); facts = WordFacts(part)
                        stems[part] = (stem, stemID, facts)
                    }
                    var token = Token(norm: part, stem: stem, start: i, end: end, line: line, column: column,
                                      sentence: sentences.count,
                                      // Only the first part of "I'm" is capitalised: "am" is no name.
                                      capitalized: first && (ascii != 0xFF ? (ascii >= 65 && ascii <= 90) : chars(i).isUppercase),
                                      sentenceInitial: initial, hasDigit: hasDigit)
                    token.stemID = stemID
                    token.clauseBreakBefore = first && clauseBreak
                    token.classes = TokenClass.classes(of: token, facts: facts)
                    token.focus = facts.focus
                    tokens.append(token)
                    first = false
                }
                column += end - i
                i = end
                continue
            }
            if ascii == 46 || ascii == 33 || ascii == 63 {
                var j = i
                while j < n, codes[j] == 46 || codes[j] == 33 || codes[j] == 63 { j += 1 }
                while j < n, Self.closers.contains(chars(j)) { j += 1 }
                let atBoundary = j >= n || (codes[j] != 0xFF ? codes[j] == 32 || (codes[j] >= 9 && codes[j] <= 13) : chars(j).isWhitespace)
                let previous = tokens.last?.norm ?? ""
                let isAbbreviation = ascii == 46 && j == i + 1 && tokens.last.map { $0.end == i } == true
                    && (Self.abbreviations.contains(previous) || (previous.count == 1 && tokens.last!.capitalized))
                if atBoundary && !isAbbreviation {
                    column += j - i
                    i = j
                    closeSentence(at: i)
                    continue
                }
            }
            if !sentenceOpen && (ascii == 36 || (ascii == 0xFF && (chars(i) == "€" || chars(i) == "£"))) {
                sentenceOpen = true; sentenceStart = i; sentenceLine = line; sentenceColumn = column
                sentenceTokenStart = tokens.count
            }
            column += 1
            i += 1
        }
        closeSentence(at: n)
    }
}
