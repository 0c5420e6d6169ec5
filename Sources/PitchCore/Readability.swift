/// Readability figures counted the way textstat (the reference Python implementation) counts them,
/// so numbers agree with what writers see elsewhere: words are whitespace-separated runs once
/// punctuation is removed; sentences are runs ended by . ! ? holding more than two words;
/// syllables come from a vowel-group estimate close to textstat's hyphenation dictionary.
enum ReadabilityMeter {
    static func measure(_ text: String) -> Readability {
        var words = 0
        var syllables = 0
        var sentences = 0
        var wordsInSegment = 0
        var current: [Unicode.Scalar] = []
        var segmentHasWord = false

        func endWord() {
            if !current.isEmpty {
                words += 1
                wordsInSegment += 1
                syllables += syllableCount(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        func endSegment() {
            endWord()
            if segmentHasWord && wordsInSegment > 2 { sentences += 1 }
            wordsInSegment = 0
            segmentHasWord = false
        }

        // Code points, as textstat (Python) sees them: iterating `Character`s cost three times as much.
        var previousWasTerminator = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 46 || value == 33 || value == 63 {
                if !previousWasTerminator { endWord() }
                previousWasTerminator = true
                continue
            }
            if previousWasTerminator {
                endSegment()
                previousWasTerminator = false
            }
            if value < 0x80 {
                if value == 32 || (value >= 9 && value <= 13) {
                    endWord()
                    continue
                }
                if (value >= 97 && value <= 122) || (value >= 48 && value <= 57) || value == 95 {
                    segmentHasWord = true
                    current.append(scalar)
                } else if value >= 65 && value <= 90 {
                    segmentHasWord = true
                    current.append(Unicode.Scalar(UInt8(value + 32)))
                }
                continue
            }
            if scalar.properties.isWhitespace {
                endWord()
                continue
            }
            if isWordScalar(scalar) {
                segmentHasWord = true
                current.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
            // Other punctuation vanishes without splitting the word ("don't" → "dont"), as in textstat.
        }
        endSegment()
        sentences = max(1, sentences)
        guard words > 0 else {
            return Readability(
                words: 0, sentences: sentences, syllables: 0, fleschReadingEase: 206.835, fleschKincaidGrade: -3.4)
        }
        let wordsPerSentence = Double(words) / Double(sentences)
        let syllablesPerWord = Double(syllables) / Double(words)
        let ease = 206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord
        let grade = 0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59
        return Readability(
            words: words, sentences: sentences, syllables: syllables,
            fleschReadingEase: NumberText.rounded(ease, places: 2),
            fleschKincaidGrade: NumberText.rounded(grade, places: 2))
    }

    /// Python's `\w`: letters, digits, marks and the underscore.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark:
            true
        default: scalar == "_"
        }
    }

    static let vowels: Set<Unicode.Scalar> = [
        "a", "e", "i", "o", "u", "y", "à", "á", "â", "ä", "è", "é", "ê", "ë", "ì", "í", "î", "ï", "ò", "ó", "ô", "ö",
        "ù", "ú", "û", "ü",
    ]

    static func isVowel(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v == 97 || v == 101 || v == 105 || v == 111 || v == 117 || v == 121 }
        return vowels.contains(scalar)
    }

    /// Vowel groups, less a silent final e, never below one.
    static func syllableCount(_ word: [Unicode.Scalar]) -> Int {
        guard word.count > 3 else { return 1 }
        var count = 0
        var previousVowel = false
        for (i, c) in word.enumerated() {
            let isVowel = isVowel(c) && !(i == 0 && c == "y")
            if isVowel && !previousVowel { count += 1 }
            previousVowel = isVowel
        }
        let n = word.count
        if word[n - 1] == "e" && !(word[n - 2] == "l" && !isVowel(word[n - 3])) && count > 1 { count -= 1 }
        if n > 4 && word[n - 2] == "e" && word[n - 1] == "d" && !"td".unicodeScalars.contains(word[n - 3]) && count > 1
        {
            count -= 1
        }
        if n > 4 && word[n - 2] == "e" && word[n - 1] == "s" && !"scxzhg".unicodeScalars.contains(word[n - 3])
            && count > 1
        {
            count -= 1
        }
        return max(1, count)
    }
}
