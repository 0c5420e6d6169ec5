extension String {
    /// The text without its last line feed: `output` ends every block with one, so a text's own final newline
    /// would print a blank line. Only the "\n" goes, so a CRLF text keeps its "\r" and prints byte for byte as
    /// it was; a check by Characters would miss the ending, as Swift counts "\r\n" as one Character.
    var withoutFinalNewline: String {
        unicodeScalars.last == "\n" ? String(String.UnicodeScalarView(unicodeScalars.dropLast())) : self
    }
}
