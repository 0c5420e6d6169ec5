import Foundation

public struct ReportStyle: Sendable {
    public var color: Bool
    /// Terminal width to fit quoted sentences into.
    public var width: Int
    /// Only the score, the rubric bars, the top fixes and the open questions.
    public var brief = false
    public init(color: Bool, width: Int) {
        self.color = color
        self.width = width
    }
}

/// Turns a `ScoreCard` into text for people (compiler-style diagnostics), stable JSON, or Markdown.
public enum ReportRenderer {
    // MARK: JSON

    /// Stable JSON, schemaVersion 1: keys sorted, numbers rounded (scores 1 decimal, criteria 3).
    public static func json(_ card: ScoreCard) -> String {
        // schemaVersion 1 grows only by new keys: `source`, `strength`, `faint`, `readsLike` on evidence; `redLines`;
        // `sentenceReading` (contextual or table).
        func findingJSON(_ finding: Finding) -> JSONValue {
            var entry: [(String, JSONValue)] = [
                ("column", .int(finding.span.column)), ("faint", .bool(finding.isFaint)),
                ("line", .int(finding.span.line)),
                ("penalty", .bool(finding.isPenalty)),
            ]
            if let readsLike = finding.readsLike { entry.append(("readsLike", .string(readsLike))) }
            entry += [
                ("source", .string(finding.source.rawValue)),
                ("strength", .double(NumberText.rounded(finding.strength, places: 3))),
                ("text", .string(finding.text)),
            ]
            return .sortedObject(entry) // keys in sorted order, as every object of the report
        }
        func rubricJSON(_ rubric: RubricScore) -> JSONValue {
            var entry: [String: JSONValue] = [
                "id": .string(rubric.id), "name": .string(rubric.name),
                "score": .double(NumberText.rounded(rubric.score, places: 1)),
                "weight": .double(rubric.weight), "band": .string(Band(score: rubric.score).rawValue),
                "criteria": .array(
                    rubric.criteria.map { criterion -> JSONValue in
                        var fields: [String: JSONValue] = [
                            "id": .string(criterion.id), "name": .string(criterion.name),
                            "score": .double(NumberText.rounded(criterion.score, places: 3)),
                            "weight": .double(criterion.weight), "explanation": .string(criterion.explanation),
                            "advice": .string(criterion.advice),
                            "evidence": .array(criterion.findings.map(findingJSON)),
                        ]
                        // Past `Scorer.findingLimit` the evidence is counted, not listed (schemaVersion 1 grows by
                        // a key).
                        if criterion.moreFindings > 0 { fields["moreEvidence"] = .int(criterion.moreFindings) }
                        // A whole-text reading of a draft the encoder did not read weighs nothing (`unread`).
                        if criterion.unread { fields["unread"] = .bool(true) }
                        return .object(fields)
                    }),
            ]
            if let level = rubric.level { entry["level"] = .string(level.rawValue) }
            return .object(entry)
        }
        let r = card.readability
        let object: JSONValue = .object([
            "schemaVersion": .int(1),
            "overall": .double(NumberText.rounded(card.overall, places: 1)),
            "situation": card.situation.map { .string($0) } ?? .null,
            "sentenceReading": .string(card.sentenceReading.rawValue),
            "band": .string(card.band.rawValue),
            "fingerprint": .string(card.rubricFingerprint),
            "rubrics": .array(card.rubrics.map(rubricJSON)),
            "questions": .array(
                card.questions.map { q in
                    .object([
                        "id": .string(q.id), "question": .string(q.question), "answered": .bool(q.answered),
                        "evidence": .array(
                            q.evidence.map {
                                .object([
                                    "line": .int($0.span.line), "column": .int($0.span.column),
                                    "text": .string($0.text),
                                ])
                            }),
                    ])
                }),
            "redLines": .array(
                card.redLines.map { red in
                    .object([
                        "rubric": .string(red.rubric), "criterion": .string(red.criterion),
                        "line": .int(red.finding.span.line),
                        "column": .int(red.finding.span.column), "text": .string(red.finding.sentence),
                    ])
                }),
            "readability": .object([
                "words": .int(r.words), "sentences": .int(r.sentences), "syllables": .int(r.syllables),
                "fleschReadingEase": .double(NumberText.rounded(r.fleschReadingEase, places: 2)),
                "fleschKincaidGrade": .double(NumberText.rounded(r.fleschKincaidGrade, places: 2)),
            ]),
            "fixes": .array(
                card.fixes.map { fix in
                    var entry: [String: JSONValue] = [
                        "rubric": .string(fix.rubric), "criterion": .string(fix.criterion),
                        "gain": .double(NumberText.rounded(fix.gain, places: 1)), "advice": .string(fix.advice),
                    ]
                    if let template = fix.template { entry["template"] = .string(template) }
                    return .object(entry)
                }),
        ])
        return object.text
    }

    // MARK: Text

    static func bandCode(_ score: Double) -> String {
        switch Band(score: score) {
        case .ready: "32"
        case .close: "33"
        case .needsWork, .risky, .doNotSend: "31"
        }
    }

    static func bar(_ score: Double, width: Int = 20) -> String {
        let filled = Int((score / 100 * Double(width)).rounded())
        return String(repeating: "█", count: max(0, min(width, filled)))
            + String(repeating: "·", count: max(0, width - filled))
    }

    /// Human report: the top fixes first, then every rubric and criterion, evidence quoted like a compiler diagnostic.
    public static func text(_ card: ScoreCard, file name: String, style: ReportStyle) -> String {
        // What a rubric or criterion that weighs 0 in the draft's situation is marked with.
        let notCounting = " (does not count for \(card.situation.map(situationPhrase) ?? "this draft"))"
        let paint = Paint(on: style.color)
        let file = name.visibleControls(singleLine: true)
        var out =
            paint(
                "\(file): overall \(Int(card.overall.rounded()))/100 — \(card.band.rawValue)",
                "1;" + bandCode(card.overall)) + "\n"
        for red in card.redLines.prefix(3) {
            out += wrap(
                paint("Do not send:", "1;31") + " line \(red.finding.span.line) — \(red.criterionName.lowercased()): "
                    + "“\(quoted(red.finding.sentence))”", indent: "  ", width: style.width, continuation: "    ")
        }
        for rubric in card.rubrics {
            let level = rubric.level.map { ", risk \($0.rawValue)" } ?? ""
            // A rubric the situation switches off is shown, and said not to count (a raise names no successor).
            let counts = rubric.weight > 0 ? "" : notCounting
            let scoreBar = paint(bar(rubric.score, width: style.width >= 80 ? 20 : 10), bandCode(rubric.score))
            out +=
                "  " + rubric.name.padding(toLength: 24, withPad: " ", startingAt: 0) + scoreBar
                + " \(Int(rubric.score.rounded()))\(level)\(counts)\n"
        }
        if !card.fixes.isEmpty {
            out += "\n" + paint("Top fixes", "1") + "\n"
            for (i, fix) in card.fixes.enumerated() {
                out += wrap(
                    "\(i + 1). \(fix.criterionName) [\(fix.rubric)/\(fix.criterion)] "
                        + (card.isRedLine(fix) ? paint("red line", "31") : paint(fix.gainText, "32")),
                    indent: "  ", width: style.width, continuation: "     ")
                out += wrap(quoted(fix.advice), indent: "     ", width: style.width)
                if let template = fix.template {
                    out += wrap("e.g. “\(template)”", indent: "     ", width: style.width)
                }
            }
        }
        let open = card.questions.filter { !$0.answered }
        if let situation = card.situation, !card.questions.isEmpty {
            out +=
                "\n" + paint("Your boss will ask", "1")
                + " (\(situation); \(card.questions.count - open.count) of \(card.questions.count) answered)\n"
            for question in open {
                out += wrap("? " + question.question, indent: "  ", width: style.width, continuation: "    ")
            }
            if open.isEmpty { out += "  Every question of this situation is answered in the draft.\n" }
        }
        if style.brief { return out + "\n" + "--full shows every criterion with its evidence.\n" }
        for rubric in card.rubrics {
            let level = rubric.level.map { " — risk \($0.rawValue)" } ?? ""
            // A rubric that weighs 0 in the draft's situation (successor readiness, for a raise) gives no advice.
            let rubricCounts = rubric.weight > 0
            let rubricNote = rubricCounts ? "" : notCounting
            out +=
                "\n" + paint("\(rubric.name) \(Int(rubric.score.rounded()))/100\(level)", "1;" + bandCode(rubric.score))
                + rubricNote + "\n"
            for criterion in rubric.criteria {
                let shown = criterion.findings.filter { !$0.isFaint }
                // Only faint readings to avoid: nothing the writer needs to act on.
                // A criterion that weighs 0 in the draft's situation (who covers your work, for a raise) is no
                // advice: it is shown, marked as not counting.
                let counts = criterion.weight > 0 && rubricCounts
                let settled =
                    !counts || criterion.score >= 0.999
                    || (shown.isEmpty && !criterion.findings.isEmpty && criterion.score >= 0.85)
                let mark =
                    !counts
                    ? "–" : settled ? paint("✓", "32") : (criterion.score >= 0.5 ? paint("~", "33") : paint("✗", "31"))
                let note = counts || !rubricCounts ? "" : (criterion.unread ? " (not read)" : notCounting)
                out += wrap(
                    """
                    \(mark) \(criterion.name) [\(criterion.id)] \(String(format: "%.2f", criterion.score))\(note) — \
                    \(criterion.explanation)
                    """,
                    indent: "  ", width: style.width, continuation: "      ")
                if !settled { out += wrap("→ " + quoted(criterion.advice), indent: "      ", width: style.width) }
                for finding in shown.prefix(5) {
                    out += diagnostic(finding, file: file, criterion: criterion, style: style, paint: paint)
                }
                let faint = criterion.findings.count - shown.count
                let beyond = max(0, shown.count - 5) + criterion.moreFindings
                if beyond > 0 || (faint > 0 && !shown.isEmpty) {
                    let more = beyond > 0 ? ["\(beyond) more"] : []
                    let faintNote =
                        faint > 0 ? ["\(faint) faint reading\(faint == 1 ? "" : "s") (--format json lists them)"] : []
                    out += wrap(
                        "… and " + (more + faintNote).joined(separator: " and "), indent: "      ", width: style.width)
                }
            }
        }
        let r = card.readability
        out +=
            "\n"
            + wrap(
                """
                Readability: \(r.words) word\(r.words == 1 ? "" : "s"), \(r.sentences) \
                sentence\(r.sentences == 1 ? "" : "s"), Flesch reading ease \
                \(String(format: "%.1f", r.fleschReadingEase)), Flesch–Kincaid grade \
                \(String(format: "%.1f", r.fleschKincaidGrade))
                """, indent: "",
                width: style.width, continuation: "  ")
        return out
    }

    /// `file:line:col: warning: …`, the source line (windowed to the width), and a caret under the span.
    static func diagnostic(
        _ finding: Finding, file: String, criterion: CriterionScore, style: ReportStyle, paint: Paint
    ) -> String {
        let kind = finding.isPenalty ? paint("warning", "1;35") : paint("note", "1;36")
        // `file:line:col: kind: …` stays whole on its first line, as editors and CI matchers read it; only the
        // quoted text wraps.
        let head =
            "    \(file):\(finding.span.line):\(finding.span.column): \(kind): "
            + "\(finding.isPenalty ? "costs" : "counts for") \(criterion.id): "
        var out = wrap("“\(quoted(finding.text))”", indent: head, width: style.width, continuation: "      ")
        // The line of the sentence that holds the span.
        // "\r\n" is one Character, not "\n": split on both, or a CRLF draft shows no source line.
        let lines = finding.sentence.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
        )
        .map { String($0).replacingOccurrences(of: "\r", with: "") }
        let index = finding.span.line - finding.sentenceStart.line
        guard index >= 0, index < lines.count else { return out }
        let raw = Array(lines[index].replacingOccurrences(of: "\t", with: " "))
        var column = finding.span.column - (index == 0 ? finding.sentenceStart.column : 1)
        guard column >= 0, column <= raw.count else { return out }
        var length = max(1, min(finding.span.length, raw.count - column))
        // Controls in the draft are shown as `\u{9B}`, never sent: the caret moves with what is shown.
        let before = String(raw[..<column]).visibleControls(singleLine: true)
        let span = String(raw[column..<min(raw.count, column + length)]).visibleControls(singleLine: true)
        let after = String(raw[min(raw.count, column + length)...]).visibleControls(singleLine: true)
        var line = Array(before + span + after)
        column = before.count
        length = max(1, span.count)
        let room = max(20, style.width - 8)
        var prefix = ""
        var suffix = ""
        if line.count > room {
            let start = max(0, min(column - room / 3, line.count - room))
            let end = min(line.count, start + room)
            prefix = start > 0 ? "…" : ""
            suffix = end < line.count ? "…" : ""
            line = Array(line[start..<end])
            column -= start
            column += prefix.count
        }
        let text = prefix + String(line) + suffix
        out += "      " + text + "\n"
        // The caret goes under the span as the terminal shows it: a wide character takes two columns.
        let shown = Array(text)
        let spanEnd = min(shown.count, column + max(1, min(length, shown.count - column)))
        let offset = displayWidth(shown[..<min(column, shown.count)])
        let spanWidth = max(1, displayWidth(shown[min(column, shown.count)..<spanEnd]))
        out +=
            "      " + String(repeating: " ", count: offset)
            + paint("^" + String(repeating: "~", count: spanWidth - 1), finding.isPenalty ? "35" : "36") + "\n"
        if let readsLike = finding.readsLike {
            out += wrap(
                "reads like: “\(quoted(readsLike))” (strength \(String(format: "%.2f", finding.strength)))",
                indent: "      ", width: style.width,
                continuation: "        ")
        }
        return out
    }

    /// Text of the draft quoted on one line: line breaks as spaces, controls shown (`visibleControls`).
    static func quoted(_ text: String) -> String {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: " ")
            .visibleControls(singleLine: true)
    }

    /// Words to lines that fit `width` columns: the first line after `indent`, the others after `continuation`.
    /// Widths are what a terminal shows: colour codes take none, wide (CJK, emoji) characters two. A line
    /// keeps at least 30 columns of words however narrow the terminal; an indent longer than the
    /// continuation (a diagnostic's `file:line:col:` head) may stand alone on its line.
    public static func wrap(_ text: String, indent: String, width: Int, continuation: String? = nil) -> String {
        let next = continuation ?? indent
        let words = text.split(separator: " ")
        guard !words.isEmpty else { return "" }
        var lines: [(indent: String, text: String)] = [(indent, "")]
        var used = displayWidth(indent)
        for word in words {
            let wordWidth = displayWidth(word)
            let line = lines[lines.count - 1]
            let headAlone = lines.count == 1 && displayWidth(indent) > displayWidth(next)
            let limit = headAlone ? width : max(width, displayWidth(line.indent) + 30)
            let mayBreak = !line.text.isEmpty || headAlone
            if used + (line.text.isEmpty ? 0 : 1) + wordWidth > limit && mayBreak {
                lines.append((next, String(word)))
                used = displayWidth(next) + wordWidth
            } else {
                lines[lines.count - 1].text += (line.text.isEmpty ? "" : " ") + word
                used += (line.text.isEmpty ? 0 : 1) + wordWidth
            }
        }
        return lines.map { line in
            var shown = line.indent + line.text
            while shown.hasSuffix(" ") { shown.removeLast() }
            return shown + "\n"
        }.joined()
    }

    /// Terminal columns a text takes: ANSI colour codes none, East Asian wide and emoji characters two.
    public static func displayWidth<S: Sequence>(_ text: S) -> Int where S.Element == Character {
        var width = 0
        var inEscape = false
        for character in text {
            if inEscape {
                if character == "m" { inEscape = false }
                continue
            }
            if character == "\u{1B}" {
                inEscape = true
                continue
            }
            width += isWide(character) ? 2 : 1
        }
        return width
    }

    static func isWide(_ character: Character) -> Bool {
        guard let v = character.unicodeScalars.first?.value, v >= 0x1100 else { return false }
        // An emoji asked to show as one (VS16), and the emoji below U+2E80 that terminals draw two columns wide.
        if character.unicodeScalars.contains("\u{FE0F}") { return true }
        if [
            0x231A, 0x231B, 0x23F0, 0x23F3, 0x25FD, 0x25FE, 0x2614, 0x2615, 0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB,
            0x26BD, 0x26BE,
            0x26C4, 0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2, 0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A, 0x270B,
            0x2728, 0x274C,
            0x274E, 0x2753, 0x2754, 0x2755, 0x2757, 0x2795, 0x2796, 0x2797, 0x27B0, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50,
            0x2B55,
        ].contains(v)
            || (0x23E9...0x23EC).contains(v) || (0x2648...0x2653).contains(v)
        {
            return true
        }
        return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    // MARK: Markdown

    public static func markdown(_ card: ScoreCard, file: String) -> String {
        var out =
            """
            # Pitch score: \(file.visibleControls(singleLine: true))\n\n**Overall \(Int(card.overall.rounded()))/100 — \
            \(card.band.rawValue)**\n\n
            """
        for red in card.redLines.prefix(3) {
            out +=
                """
                **Do not send:** line \(red.finding.span.line) — \(red.criterionName.lowercased()): \
                “\(quoted(red.finding.sentence))”\n\n
                """
        }
        out += "| Rubric | Score | Risk |\n| --- | ---: | --- |\n"
        for rubric in card.rubrics {
            out += "| \(rubric.name) | \(Int(rubric.score.rounded())) | \(rubric.level?.rawValue ?? "") |\n"
        }
        if !card.fixes.isEmpty {
            out += "\n## Top fixes\n\n"
            for (i, fix) in card.fixes.enumerated() {
                let gain = card.isRedLine(fix) ? "red line" : fix.gainText
                out += "\(i + 1). **\(fix.criterionName)** (\(gain)): \(quoted(fix.advice))"
                if let template = fix.template { out += " _e.g. “\(template)”_" }
                out += "\n"
            }
        }
        let openQuestions = card.questions.filter { !$0.answered }
        if let situation = card.situation, !openQuestions.isEmpty {
            out += "\n## Your boss will ask (\(situation))\n\n" + openQuestions.map { "- \($0.question)\n" }.joined()
        }
        for rubric in card.rubrics {
            out +=
                """
                \n## \(rubric.name) — \(Int(rubric.score.rounded()))/100\n\n| Criterion | Score | Why |\n| --- | ---: \
                | --- |\n
                """
            for criterion in rubric.criteria {
                out +=
                    """
                    | \(criterion.name) | \(String(format: "%.2f", criterion.score)) | \
                    \(criterion.explanation.replacingOccurrences(of: "|", with: "\\|")) |\n
                    """
            }
            let findings = rubric.criteria.flatMap { c in c.findings.filter { !$0.isFaint }.prefix(5).map { (c, $0) } }
            if !findings.isEmpty {
                out += "\n"
                for (criterion, finding) in findings {
                    out +=
                        """
                        - line \(finding.span.line):\(finding.span.column) \(finding.isPenalty ? "⚠" : "✓") \
                        `\(criterion.id)`: “\(quoted(finding.text))”
                        """
                    if let readsLike = finding.readsLike {
                        out +=
                            """
                             — reads like “\(quoted(readsLike))” (strength \(String(format: "%.2f", finding.strength)))
                            """
                    }
                    out += "\n"
                }
            }
        }
        let r = card.readability
        out +=
            """
            \n_Readability: \(r.words) word\(r.words == 1 ? "" : "s"), \(r.sentences) \
            sentence\(r.sentences == 1 ? "" : "s"), Flesch reading ease \
            \(String(format: "%.1f", r.fleschReadingEase)), Flesch–Kincaid grade \
            \(String(format: "%.1f", r.fleschKincaidGrade))._\n
            """
        return out
    }
}

/// A situation id as words after "for": "a raise", "declining a promotion".
func situationPhrase(_ situation: String) -> String {
    switch situation {
    case "raise": return "a raise"
    case "promotion": return "a promotion"
    case "decline": return "declining a promotion"
    case "step-down": return "a step down"
    case "transfer": return "a transfer"
    case "handover": return "a handover"
    case "lateral": return "a move sideways"
    default: return situation
    }
}
