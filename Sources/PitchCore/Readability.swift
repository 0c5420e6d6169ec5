// STUB — the readability work replaces this file.
public enum ReadabilityMeter {
    /// Words, sentences, syllables, Flesch reading ease, Flesch–Kincaid grade (textstat-compatible counting).
    public static func measure(_ text: String) -> Readability {
        Readability(words: 0, sentences: 0, syllables: 0, fleschReadingEase: 0, fleschKincaidGrade: 0)
    }
}
