import Foundation

/// What `man pitchcoach` says beyond argument-parser's generated page: the REPL's commands (from the REPL's own
/// table of verbs, so the page cannot drift from `help`), ENVIRONMENT and FILES.
enum ManualSections {
    static let environment: [(String, String)] = [
        ("PITCHCOACH_STORE", "The SQLite store, when --store is not given."),
        ("XDG_DATA_HOME", "Where the store, the REPL history and the last pitch opened live (default ~/.local/share)."),
        ("XDG_CONFIG_HOME", "Your own rubrics are read from $XDG_CONFIG_HOME/pitchcoach/rubrics/ (default ~/.config)."),
        ("PITCHCOACH_RUBRICS", "A folder of rubric .yaml files that extend or override the built-in ones."),
        ("PITCHCOACH_FROM", "Your address for export, when --from is not given."),
        ("PITCHCOACH_SENDMAIL", "The mail program export --send runs (default 'sendmail -t -i'); words, no shell."),
        ("VISUAL, EDITOR", "The editor the REPL's edit runs (default vi)."),
        ("NO_COLOR", "Any value turns colour off; --color always overrides it."),
        ("COLUMNS", "The width reports are wrapped to."),
    ]

    static let files: [(String, String)] = [
        (
            "$XDG_DATA_HOME/pitchcoach/pitchcoach.sqlite",
            "The store: pitches, versions, scores, drafts (0600, folder 0700)."
        ),
        ("$XDG_DATA_HOME/pitchcoach/history", "The REPL's line history (0600)."),
        ("$XDG_DATA_HOME/pitchcoach/last-pitch", "The pitch the REPL reopens on a terminal (0600)."),
        ("$XDG_CONFIG_HOME/pitchcoach/rubrics/", "Your own rubrics (*.yaml)."),
    ]

    /// mdoc text, escaped: a line starting with '.' or a backslash would be read as a request.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "\n", with: " ")
    }

    /// A titled list in mdoc (argument-parser's pages) or man(7) macros.
    static func list(_ title: String, _ items: [(String, String)], mdoc: Bool) -> String {
        guard mdoc else {
            return ".SH \(title)\n" + items.map { ".TP\n\\&\(escape($0.0))\n\\&\(escape($0.1))\n" }.joined()
        }
        var out = ".Sh \(title)\n.Bl -tag -width 6n\n"
        for (name, text) in items { out += ".It \\&\(escape(name))\n\\&\(escape(text))\n" }
        return out + ".El\n"
    }

    static func text(mdoc: Bool) -> String {
        list("REPL COMMANDS", Repl.verbs.map { ($0.usage, $0.help) }, mdoc: mdoc)
            + list("ENVIRONMENT", environment, mdoc: mdoc) + list("FILES", files, mdoc: mdoc)
    }

    /// The page with the sections added before SEE ALSO or AUTHORS, else at the end; once only.
    static func added(to page: String) -> String {
        let mdoc = page.contains(".Sh ") || page.hasPrefix(".Dd")
        guard !page.contains("REPL COMMANDS") else { return page }
        for anchor in mdoc ? [".Sh SEE ALSO", ".Sh AUTHORS"] : [".SH SEE ALSO", ".SH AUTHORS"] {
            if let range = page.range(of: anchor) {
                return page.replacingCharacters(in: range, with: text(mdoc: mdoc) + anchor)
            }
        }
        return page + (page.hasSuffix("\n") ? "" : "\n") + text(mdoc: mdoc)
    }
}
