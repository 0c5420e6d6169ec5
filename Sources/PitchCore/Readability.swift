/// Readability figures counted the way textstat (the reference Python implementation) counts them,
/// so numbers agree with what writers see elsewhere: words are whitespace-separated runs once
/// punctuation is removed; sentences are runs ended by . ! ? holding more than two words;
/// syllables come from a vowel-group estimate close to textstat's hyphenation dictionary.
public enum ReadabilityMeter {
    public static func measure(_ text: String) -> Readability {
        var words = 0, syllables = 0
        var sentences = 0
        var wordsInSegment = 0
        var current: [Character] = []
        var segmentHasWord = false

        func endWord() {
            if !current.isEmpty {
                words += 1; wordsInSegment += 1
                syllables += syllableCount(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        func endSegment() {
            endWord()
            if segmentHasWord && wordsInSegment > 2 { sentences += 1 }
            wordsInSegment = 0; segmentHasWord = false
        }

        var previousWasTerminator = false
        for c in text {
            // Character `==` compares strings: ASCII is answered from `asciiValue`.
            let ascii = c.asciiValue
            if ascii == 46 || ascii == 33 || ascii == 63 {
                if !previousWasTerminator { endWord() }
                previousWasTerminator = true
                continue
            }
            if previousWasTerminator { endSegment(); previousWasTerminator = false }
            if let ascii {
                if ascii == 32 || (ascii >= 9 && ascii <= 13) { endWord(); continue }
                if (ascii >= 97 && ascii <= 122) || (ascii >= 48 && ascii <= 57) || ascii == 95 { segmentHasWord = true; current.append(c) }
                else if ascii >= 65 && ascii <= 90 { segmentHasWord = true; current.append(Character(UnicodeScalar(ascii + 32))) }
                continue
            }
            if c.isWhitespace { endWord(); continue }
            if isWordCharacter(c) {
                segmentHasWord = true
                for lower in c.lowercased() { current.append(lower) }
            }
            // Other punctuation vanishes without splitting the word ("don't" → "dont"), as in textstat.
        }
        endSegment()
        sentences = max(1, sentences)
        guard words > 0 else {
            return Readability(words: 0, sentences: sentences, syllables: 0, fleschReadingEase: 206.835, fleschKincaidGrade: -3.4)
        }
        let wordsPerSentence = Double(words) / Double(sentences)
        let syllablesPerWord = Double(syllables) / Double(words)
        let ease = 206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord
        let grade = 0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59
        return Readability(words: words, sentences: sentences, syllables: syllables,
                           fleschReadingEase: (ease * 100).rounded() / 100, fleschKincaidGrade: (grade * 100).rounded() / 100)
    }

    /// Python's `\w`: letters, digits, marks and the underscore.
    static func isWordCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c.unicodeScalars.contains { $0.properties.generalCategory == .nonspacingMark }
    }

    static let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y", "à", "á", "â", "ä", "è", "é", "ê", "ë", "ì", "í", "î", "ï", "ò", "ó", "ô", "ö", "ù", "ú", "û", "ü"]

    static func isVowel(_ c: Character) -> Bool {
        if let ascii = c.asciiValue {
            return ascii == 97 || ascii == 101 || ascii == 105 || ascii == 111 || ascii == 117 || ascii == 121
        }
        return vowels.contains(c)
    }

    /// Vowel groups, less a silent final e, never below one.
    static func syllableCount(_ word: [Character]) -> Int {
        guard word.count > 3 else { return 1 }
        var count = 0
        var previousVowel = false
        for (i, c) in word.enumerated() {
            let isVowel = isVowel(c) && !(i == 0 && c.asciiValue == 121)
            if isVowel && !previousVowel { count += 1 }
            previousVowel = isVowel
        }
        let n = word.count
        if word[n - 1] == "e" && !(word[n - 2] == "l" && !isVowel(word[n - 3])) && count > 1 { count -= 1 }
        if n > 4 && word[n - 2] == "e" && word[n - 1] == "d" && !"td".contains(word[n - 3]) && count > 1 { count -= 1 }
        if n > 4 && word[n - 2] == "e" && word[n - 1] == "s" && !"scxzhg".contains(word[n - 3]) && count > 1 { count -= 1 }
        return max(1, count)
    }
}
