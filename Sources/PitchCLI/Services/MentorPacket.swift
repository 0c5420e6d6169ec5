import Foundation
import PitchCore
import PitchStore

/// What goes to the mentor: a note, the draft, its score card, what changed since the version this
/// mentor last saw, the prep answers, rehearsals and the user's questions. Rendered as plain text
/// (the email body), Markdown, or HTML (the alternative part).
struct MentorPacket {
    var pitch: Pitch
    var version: DraftVersion
    var card: ScoreCard
    /// The version to compare against, and why that one.
    /// What "what changed" says of a pitch's first version.
    static let firstVersion = "This is the first version: nothing to compare with yet."
    var baseline: (version: DraftVersion, reason: String)?
    var prep: [PrepAnswer]
    var rehearsals: [Rehearsal]
    var questions: [String]
    var mentorName: String?
    /// The parts the user chose to send (`export --include`).
    var parts: Set<Part> = Set(Part.defaults)

    enum Part: String, CaseIterable {
        case draft, score, changes, questions, rehearsal, prep
        /// The rehearsal answers and the private prep go only when asked for.
        static let defaults: [Part] = [.draft, .score, .changes, .questions]

        static func parse(_ list: String?) throws -> Set<Part> {
            guard let list else { return Set(defaults) }
            let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            guard !names.isEmpty else {
                throw CLIError(
                    "--include is empty; give parts from: \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return Set(
                try names.map { name in
                    guard let part = Part(rawValue: name) else {
                        throw CLIError(
                            "--include: no part '\(name)'; parts: \(allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return part
                })
        }
    }

    /// One line, whatever was typed: a title never breaks a line of the message.
    var title: String {
        let raw = pitch.title.isEmpty ? pitch.name : pitch.title
        return raw.split(whereSeparator: { $0.isNewline || $0 == "\r" }).joined(separator: " ")
    }

    var subject: String {
        "Pitch review: \(title) — v\(version.number), \(Int(card.overall.rounded()))/100"
    }

    var plainText: String { text(withScoreCard: true) }

    /// The body; the HTML part leaves out the score card it shows as a table.
    func text(withScoreCard: Bool) -> String {
        var out = "Hi\(mentorName.map { " " + $0 } ?? ""),\n\n"
        out += "Here is version \(version.number) of my pitch \"\(title)\", before I talk to my boss. "
        out +=
            "If you have time to look at it, I would value your guidance, especially on the questions at the end.\n\n"
        if parts.contains(.draft) {
            out += "== The draft (v\(version.number)) ==\n\n\(version.text)\n"
            if !version.text.hasSuffix("\n") { out += "\n" }
            out += "\n"
        }
        if parts.contains(.score) && withScoreCard { out += scoreCardText }
        if parts.contains(.changes) { out += changesText }
        out += restText
        return out
    }

    var scoreCardText: String {
        var out = "== Score card ==\n\n"
        out += "Overall \(Int(card.overall.rounded()))/100 (\(card.band.rawValue))\n"
        for rubric in card.rubrics {
            out += "- \(rubric.name): \(Int(rubric.score.rounded()))/100"
            if let level = rubric.level { out += ", risk \(level.rawValue)" }
            out += "\n"
        }
        if !card.fixes.isEmpty {
            out += "\nTop fixes the tool suggests:\n"
            for (i, fix) in card.fixes.enumerated() {
                let gain = card.isRedLine(fix) ? "red line" : fix.gainText + " possible"
                out += "\(i + 1). \(fix.criterionName) (\(gain)): \(fix.advice)\n"
            }
        }
        return out + "\n"
    }

    var changesText: String {
        var out = "== What changed ==\n\n"
        if let baseline {
            out += "Changes since v\(baseline.version.number) (\(baseline.reason)):\n\n"
            out += changedPassages
            if !out.hasSuffix("\n") { out += "\n" }
            out += "\n" + deltaTable(baseline.version)
        } else {
            out += Self.firstVersion + "\n"
        }
        return out
    }

    /// The changed passages with a little context ("[-removed-]{+added+}"), not the whole draft again.
    var changedPassages: String {
        guard let baseline else { return "" }
        let passages = WordDiff.plainPassages(old: baseline.version.text, new: version.text)
        return passages.isEmpty ? "(the text is the same)" : passages
    }

    /// The score change, by the names a mentor knows (not the tool's ids).
    func deltaTable(_ old: DraftVersion) -> String {
        var names: [String: String] = [:]
        for rubric in card.rubrics {
            names[rubric.id] = rubric.name
            for criterion in rubric.criteria { names["\(rubric.id)/\(criterion.id)"] = criterion.name }
        }
        return VersionViews.scoreDeltaTable(
            old: old.snapshot, new: version.snapshot, oldName: "v\(old.number)",
            newName: "v\(version.number)", color: false, names: names)
    }

    var restText: String {
        var out = ""
        if !prep.isEmpty {
            out += "\n== My preparation ==\n\n"
            for answer in prep { out += "Q: \(answer.question)\nA: \(answer.answer)\n\n" }
        }
        if !rehearsals.isEmpty {
            out += "\n== Rehearsed objections ==\n\n"
            for item in rehearsals.suffix(10) {
                out += "Q: \(item.objection)\nMy answer (\(Int(item.score.rounded()))/100): \(item.answer)\n\n"
            }
        }
        guard parts.contains(.questions) else { return out + "\nThank you!\n" }
        out += "\n== My questions for you ==\n\n"
        if questions.isEmpty {
            out += "- What would you change first?\n- Is there anything here that could burn a bridge?\n"
        } else {
            for question in questions {
                out += "- \(question.split(whereSeparator: { $0.isNewline || $0 == "\r" }).joined(separator: " "))\n"
            }
        }
        out += "\nThank you!\n"
        return out
    }

    var markdown: String {
        var out = "# \(subject)\n\n"
        if parts.contains(.draft) {
            out +=
                "## Draft (v\(version.number))\n\n"
                + version.text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(
                    separator: "\n") + "\n\n"
        }
        if parts.contains(.score) {
            out += ReportRenderer.markdown(card, file: "\(pitch.name)@\(version.number)") + "\n"
        }
        if parts.contains(.changes) { out += "## What changed\n\n" }
        if !parts.contains(.changes) {
        } else if let baseline {
            out += "Since v\(baseline.version.number) (\(baseline.reason)):\n\n```\n"
            out += changedPassages + "\n```\n\n```\n" + deltaTable(baseline.version) + "```\n"
        } else {
            out += Self.firstVersion + "\n"
        }
        if !prep.isEmpty {
            out +=
                "\n## Preparation\n\n" + prep.map { "- **\($0.question)** \($0.answer)" }.joined(separator: "\n") + "\n"
        }
        if parts.contains(.questions) && !questions.isEmpty {
            out += "\n## Questions\n\n" + questions.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        return out
    }

    var html: String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        var out = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n"
        out += "<h2>\(esc(subject))</h2>\n"
        if parts.contains(.score) {
            out += "<table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\">\n"
            out += "<tr><th>Rubric</th><th>Score</th><th>Risk</th></tr>\n"
            out +=
                """
                <tr><td><b>Overall</b></td><td><b>\(Int(card.overall.rounded()))</b></td><td>\
                \(esc(card.band.rawValue))</td></tr>\n
                """
            for rubric in card.rubrics {
                out +=
                    """
                    <tr><td>\(esc(rubric.name))</td><td>\(Int(rubric.score.rounded()))</td><td>\
                    \(rubric.level?.rawValue ?? "")</td></tr>\n
                    """
            }
            out += "</table>\n<h3>Top fixes</h3><ol>\n"
            for fix in card.fixes { out += "<li><b>\(esc(fix.criterionName))</b>: \(esc(fix.advice))</li>\n" }
            out += "</ol>\n"
        }
        // The score card is the table above: the text below does not repeat it.
        let body = text(withScoreCard: !parts.contains(.score))
        out += "<pre style=\"white-space:pre-wrap\">\(esc(body))</pre>\n</body></html>\n"
        return out
    }
}
