import Foundation

/// A text split into sentences and word tokens, each token keeping where it came from
/// (1-based line and column in Characters) so every finding can quote its sentence.
public struct Token: Equatable, Sendable {
    // A 10 MB draft of one-letter words is five million tokens: the fields are kept small (ids, not strings;
    // 32-bit offsets; traits in one byte; line and column asked of the document) so a token is 24 bytes
    // rather than 88, and such a draft scores in well under 256 MB.
    /// `norm` and `stem` interned (`StemTable`): the trie compares stem ids.
    var normID: Int32
    var stemID: Int32
    private var offsets: (start: Int32, end: Int32, sentence: Int32)
    private var traits: Traits = []
    /// Which word classes (`TokenClass`) accept this token, worked out once.
    var classes: UInt8 = 0
    /// Whose point of view the word speaks from, for the perspective metric.
    public var focus: Focus = .none

    init(
        normID: Int32, stemID: Int32, start: Int, end: Int, sentence: Int,
        capitalized: Bool, sentenceInitial: Bool, hasDigit: Bool
    ) {
        self.normID = normID
        self.stemID = stemID
        offsets = (Int32(start), Int32(end), Int32(sentence))
        set(.capitalized, capitalized)
        set(.sentenceInitial, sentenceInitial)
        set(.hasDigit, hasDigit)
    }

    /// What is true of the word, a bit each, all in one byte.
    private struct Traits: OptionSet, Sendable {
        let rawValue: UInt8
        static let capitalized = Traits(rawValue: 1)
        static let sentenceInitial = Traits(rawValue: 2)
        static let hasDigit = Traits(rawValue: 4)
        static let clauseBreakBefore = Traits(rawValue: 8)
        static let functionWord = Traits(rawValue: 16)
    }

    private mutating func set(_ trait: Traits, _ on: Bool) {
        if on { traits.insert(trait) } else { traits.remove(trait) }
    }

    /// Starts with an uppercase letter in the source.
    public var capitalized: Bool { traits.contains(.capitalized) }
    /// First word of its sentence (a capital there says nothing about a name).
    public var sentenceInitial: Bool { traits.contains(.sentenceInitial) }
    public var hasDigit: Bool { traits.contains(.hasDigit) }
    /// A comma, colon, dash or bracket stands between this token and the previous one (a clause break).
    public internal(set) var clauseBreakBefore: Bool {
        get { traits.contains(.clauseBreakBefore) }
        set { set(.clauseBreakBefore, newValue) }
    }
    /// One of the words that hold a sentence together (`SentenceFacts.functionWords`).
    var isFunctionWord: Bool {
        get { traits.contains(.functionWord) }
        set { set(.functionWord, newValue) }
    }

    /// Lowercased, curly apostrophes straightened; contractions expanded ("won't" → "will" + "not").
    public var norm: String { StemTable.stem(of: normID) }
    /// `norm` reduced by `Morphology.stem`, what phrase matching compares.
    public var stem: String { StemTable.stem(of: stemID) }
    /// Character offsets of the source text this token came from (contraction parts share one).
    public var start: Int { Int(offsets.start) }
    public var end: Int { Int(offsets.end) }
    public var sentence: Int { Int(offsets.sentence) }

    public static func == (a: Token, b: Token) -> Bool {
        a.normID == b.normID && a.stemID == b.stemID && a.offsets == b.offsets && a.traits == b.traits
    }
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
    /// The text's UTF-8 and where each character starts in it (one more entry for the end), kept only when
    /// `codes` cannot stand for the characters. Five bytes a character, where a `[Character]` took sixteen:
    /// a 10 MB draft with curly quotes no longer needs 160 MB for them.
    private let utf8: [UInt8]
    private let characterStarts: [Int32]
    public var count: Int { codes.count }
    /// The text's length in UTF-8 bytes (what the size limits count).
    public var utf8Count: Int { utf8.isEmpty ? codes.count : utf8.count } // an ASCII text keeps its bytes as codes
    public private(set) var tokens: [Token] = []
    public private(set) var sentences: [Sentence] = []
    /// Where each line starts (offset 0 first): a token's line and column are looked up, not stored.
    private var lineStarts: [Int32] = [0]

    // Sets, not strings: `String.contains(Character)` walks the string's graphemes on every call.
    static let bullets: Set<Character> = ["•", "-", "*", "–", "—", "·", ">"]
    static let clausePunctuation: Set<Character> = [",", ";", ":", "—", "–", "(", ")"]
    static let closers: Set<Character> = ["\"", "'", "’", "”", ")"]

    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "e.g", "i.e", "etc", "vs", "inc", "ltd", "jr", "sr", "st", "no", "approx",
        "dept",
    ]

    public init(_ text: String) {
        let bytes = Array(text.utf8)
        if bytes.allSatisfy({ $0 < 0x80 && $0 != 13 }) {
            codes = bytes
            utf8 = []
            characterStarts = []
        } else {
            var starts: [Int32] = []
            var codes: [UInt8] = []
            starts.reserveCapacity(bytes.count + 1)
            codes.reserveCapacity(bytes.count)
            var offset: Int32 = 0
            for character in text {
                starts.append(offset)
                codes.append(character.asciiValue ?? 0xFF)
                offset += Int32(character.utf8.count)
            }
            starts.append(offset)
            utf8 = bytes
            characterStarts = starts
            self.codes = codes
        }
        tokenize()
    }

    /// The character at an offset.
    func character(_ k: Int) -> Character {
        guard !characterStarts.isEmpty else { return Character(Unicode.Scalar(codes[k])) }
        return Character(String(decoding: utf8[Int(characterStarts[k])..<Int(characterStarts[k + 1])], as: UTF8.self))
    }

    /// The source between two character offsets, as written.
    public func text(from start: Int, to end: Int) -> String {
        let lower = max(0, start)
        let upper = min(codes.count, end)
        guard lower < upper else { return "" }
        guard !characterStarts.isEmpty else { return String(decoding: codes[lower..<upper], as: UTF8.self) }
        return String(decoding: utf8[Int(characterStarts[lower])..<Int(characterStarts[upper])], as: UTF8.self)
    }

    /// Line and column (both from 1) of a character offset.
    public func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count // the last line start at or before `offset`
        while high - low > 1 {
            let mid = (low + high) / 2
            if Int(lineStarts[mid]) <= offset { low = mid } else { high = mid }
        }
        return (low + 1, offset - Int(lineStarts[low]) + 1)
    }

    /// An ASCII letter, digit or apostrophe.
    static func isWordCode(_ ascii: UInt8) -> Bool {
        (ascii >= 97 && ascii <= 122) || (ascii >= 65 && ascii <= 90) || (ascii >= 48 && ascii <= 57) || ascii == 39
    }

    static func isWordCharacter(_ c: Character) -> Bool {
        if let ascii = c.asciiValue { return isWordCode(ascii) }
        return c.isLetter || c.isNumber || c == "'" || c == "’"
            || c.unicodeScalars.first.map { $0.properties.generalCategory == .nonspacingMark } == true
    }

    private mutating func tokenize() {
        // Words repeat: stem each distinct word once.
        var stems: [String: (normID: Int32, stemID: Int32, word: WordFacts)] = [:]
        var line = 1
        var column = 1
        var i = 0
        let n = codes.count
        // One allocation of at most as many tokens as there can be (a word starts at most every other
        // character; an apostrophe or hyphen may split one word in two): no regrowth copies, and the pages
        // an English text leaves unused are never touched.
        var bound = 1
        var previousWasWord = false
        for code in codes {
            let word = Self.isWordCode(code) || code == 0xFF
            if word && !previousWasWord { bound += 1 }
            if code == 39 || code == 45 || code == 0xFF { bound += 1 }
            previousWasWord = word
        }
        tokens.reserveCapacity(bound)
        var sentenceStart = 0
        var sentenceLine = 1
        var sentenceColumn = 1
        var sentenceTokenStart = 0
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
            codes[k] != 0xFF
                ? (codes[k] >= 97 && codes[k] <= 122) || (codes[k] >= 65 && codes[k] <= 90) : chars(k).isLetter
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
                sentences.append(
                    Sentence(
                        start: sentenceStart, end: end, line: sentenceLine, column: sentenceColumn,
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
                if j >= n || (codes[j] >= 10 && codes[j] <= 13) || (codes[j] >= 65 && codes[j] <= 90)
                    || (codes[j] >= 48 && codes[j] <= 57)
                    || (codes[j] == 0xFF && (chars(j).isNewline || chars(j).isUppercase || chars(j).isNumber))
                    || Self.bullets.contains(chars(j))
                {
                    closeSentence(at: i)
                }
                line += 1
                column = 1
                i += 1
                lineStarts.append(Int32(i))
                continue
            }
            if isWord(i) && !isApostrophe(i) {
                var j = i
                var hasDigit = false
                while j < n {
                    if isWord(j) {
                        if isDigit(j) { hasDigit = true }
                        j += 1
                        continue
                    }

                    // Keep 1,000 / 3.5 / e.g / co-worker together.
                    let joiner = codes[j]
                    if (joiner == 44 || joiner == 46) && j + 1 < n && isDigit(j - 1) && isDigit(j + 1) {
                        j += 1
                        continue
                    }
                    if joiner == 45 && j + 1 < n && isLetter(j + 1) && isLetter(j - 1) {
                        j += 1
                        continue
                    }
                    break
                }
                // Trailing apostrophes are quotes, not part of the word.
                var end = j
                while end > i + 1 && isApostrophe(end - 1) { end -= 1 }
                if !sentenceOpen {
                    sentenceOpen = true
                    sentenceStart = i
                    sentenceLine = line
                    sentenceColumn = column
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
                    } else if chars(k) == "’" {
                        wordBytes.append(39)
                        needsExpansion = true
                    } else {
                        wordBytes.append(contentsOf: chars(k).lowercased().utf8)
                    }
                }
                let lowered = String(decoding: wordBytes, as: UTF8.self)
                let initial = tokens.count == sentenceTokenStart
                let clauseBreak = !initial && (tokens[tokens.count - 1].end..<i).contains { isClausePunctuation($0) }
                var first = true
                for part in needsExpansion ? Morphology.expand(lowered) : [lowered] {
                    let normID: Int32
                    let stemID: Int32
                    let facts: WordFacts
                    if let cached = stems[part] {
                        (normID, stemID, facts) = cached
                    } else {
                        normID = StemTable.id(part)
                        stemID = StemTable.id(Morphology.stem(part))
                        facts = WordFacts(part)
                        stems[part] = (normID, stemID, facts)
                    }
                    var token = Token(
                        normID: normID, stemID: stemID, start: i, end: end,
                        sentence: sentences.count,
                        // Only the first part of "I'm" is capitalised: "am" is no name.
                        capitalized: first && (ascii != 0xFF ? (ascii >= 65 && ascii <= 90) : chars(i).isUppercase),
                        sentenceInitial: initial, hasDigit: hasDigit)
                    token.clauseBreakBefore = first && clauseBreak
                    token.isFunctionWord = facts.functionWord
                    token.classes = TokenClass.classes(of: token, norm: part, facts: facts)
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
                let atBoundary =
                    j >= n
                    || (codes[j] != 0xFF ? codes[j] == 32 || (codes[j] >= 9 && codes[j] <= 13) : chars(j).isWhitespace)
                let previous = tokens.last?.norm ?? ""
                let isAbbreviation =
                    ascii == 46 && j == i + 1 && tokens.last.map { $0.end == i } == true
                    && (Self.abbreviations.contains(previous) || (previous.count == 1 && tokens.last!.capitalized))
                if atBoundary && !isAbbreviation {
                    column += j - i
                    i = j
                    closeSentence(at: i)
                    continue
                }
            }
            if !sentenceOpen && (ascii == 36 || (ascii == 0xFF && (chars(i) == "€" || chars(i) == "£"))) {
                sentenceOpen = true
                sentenceStart = i
                sentenceLine = line
                sentenceColumn = column
                sentenceTokenStart = tokens.count
            }
            column += 1
            i += 1
        }
        closeSentence(at: n)
    }
}

extension TextDocument {
    /// Whether sentence `k` opens with thanks ("Thank you for thinking of me.", "Thanks for everything."): a pitch
    /// may thank before it asks, and its thanks are nothing to rework.
    public func opensWithThanks(_ k: Int) -> Bool {
        sentences[k].tokens.first.map { ["thank", "thanks"].contains(tokens[$0].norm) } ?? false
    }
}
