import Foundation
import PitchCore
import PitchStore

/// Text and JSON views of a pitch's versions, shared by the command line and the REPL.
public enum VersionViews {
    static let sparkBlocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One block per version, height by overall score: the trend at a glance.
    public static func sparkline(_ scores: [Double]) -> String {
        String(scores.map { sparkBlocks[min(7, max(0, Int($0 / 100 * 8)))] })
    }

    /// "+6", "−3", "±0".
    /// The change between two scores as the reader sees them: both rounded first, so "41 → 77" reads +36.
    public static func change(from old: Double, to new: Double) -> Double { new.rounded() - old.rounded() }

    public static func delta(_ value: Double) -> String {
        let rounded = Int(value.rounded())
        return rounded > 0 ? "+\(rounded)" : (rounded < 0 ? "−\(-rounded)" : "±0")
    }

    static func coloredDelta(_ value: Double, color: Bool) -> String {
        let text = delta(value)
        let rounded = Int(value.rounded())
        let paint = Paint(on: color)
        return rounded > 0 ? paint(text, "32") : (rounded < 0 ? paint(text, "31") : text)
    }

    static let dateFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f
    }()

    nonisolated(unsafe) static let isoFormatter: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f
    }()

    public static func iso8601(_ date: Date) -> String { isoFormatter.string(from: date) }

    /// `log`: one block per version — number, time, overall with its change, rubric scores, note,
    /// then the mentor's feedback on that version; rehearsals at the end.
    public static func logText(
        pitch: Pitch, versions: [VersionSummary], feedback: [MentorFeedback],
        rehearsals: [Rehearsal], exports: [ExportRecord] = [], color: Bool
    ) -> String {
        guard !versions.isEmpty else {
            return
                """
                \(pitch.name) — \(singleLine(pitch.title))\nno versions yet: 'pitchcoach save \(pitch.name) FILE' or \
                'save' in the REPL\n
                """
        }
        var out = "\(pitch.name) — \(singleLine(pitch.title))\n"
        let overalls = versions.map(\.snapshot.overall)
        // The last 60 versions at most: the trend stays one line on any terminal.
        let recent = Array(overalls.suffix(60))
        out +=
            "trend\(overalls.count > recent.count ? " (last \(recent.count))" : "") \(sparkline(recent))  "
            + "\(Int(overalls.first!.rounded())) → \(Int(overalls.last!.rounded()))\n"
        let rubricIDs = versions.last!.snapshot.rubrics.keys.sorted()
        var previous: VersionSummary?
        for version in versions {
            let overall = version.snapshot.overall
            let change =
                previous.map {
                    "(" + coloredDelta(Self.change(from: $0.snapshot.overall, to: overall), color: color) + ")"
                } ?? ""
            let band = (version.snapshot.band ?? Band(score: overall)).rawValue
            out += "\n" + Paint(on: color)("v\(version.number)", "1")
            out +=
                """
                  \(dateFormatter.string(from: version.createdAt))  \
                \(String(sparkBlocks[min(7, Int(overall / 100 * 8))]))
                """
            out += " \(Int(overall.rounded())) \(change) \(band)"
            if let note = version.note, !note.isEmpty { out += "  — \(singleLine(note))" }
            out += "\n    "
            out += rubricIDs.map { id in
                let score = version.snapshot.rubrics[id] ?? 0
                var cell = "\(id) \(Int(score.rounded()))"
                if let before = previous?.snapshot.rubrics[id], Self.change(from: before, to: score) != 0 {
                    cell += " (" + coloredDelta(Self.change(from: before, to: score), color: color) + ")"
                }
                return cell
            }.joined(separator: "  ")
            out += "\n"
            for export in exports where export.versionNumber == version.number {
                let exported = dateFormatter.string(from: export.exportedAt)
                let when =
                    export.sentAt.map { "sent \(dateFormatter.string(from: $0))" }
                    ?? export.sendFailure.map { "send failed \(exported) (\(singleLine($0)))" }
                    ?? "exported \(exported)"
                out += "    \(when) to \(export.to.joined(separator: ", "))\n"
            }
            for item in feedback where item.versionNumber == version.number {
                out += "    mentor \(singleLine(item.from)), \(dateFormatter.string(from: item.date)):\n"
                for line in item.text.split(separator: "\n", omittingEmptySubsequences: false) {
                    out += "      │ \(line.visibleControls(singleLine: true))\n"
                }
            }
            previous = version
        }
        if !rehearsals.isEmpty {
            out += "\nrehearsals\n"
            for item in rehearsals {
                out +=
                    """
                      \(dateFormatter.string(from: item.createdAt))  \(Int(item.score.rounded()))/100  \
                    \(singleLine(item.objection))\n
                    """
            }
        }
        return out
    }

    public static func logJSON(
        pitch: Pitch, versions: [VersionSummary], feedback: [MentorFeedback],
        rehearsals: [Rehearsal]
    ) -> String {
        let object: JSONValue = .object([
            "schemaVersion": .int(1),
            "pitch": .string(pitch.name),
            "title": .string(pitch.title),
            "createdAt": .string(iso8601(pitch.createdAt)),
            "versions": .array(
                versions.map { version in
                    var entry: [String: JSONValue] = [
                        "number": .int(version.number),
                        "createdAt": .string(iso8601(version.createdAt)),
                        "note": .string(version.note ?? ""),
                        "overall": .double(NumberText.rounded(version.snapshot.overall, places: 1)),
                        "rubrics": .object(
                            version.snapshot.rubrics.mapValues { .double(NumberText.rounded($0, places: 1)) }),
                        "feedback": .array(
                            feedback.filter { $0.versionNumber == version.number }.map {
                                .object([
                                    "from": .string($0.from), "date": .string(iso8601($0.date)),
                                    "text": .string($0.text),
                                ])
                            }),
                    ]
                    if let id = version.messageID { entry["messageID"] = .string(id) }
                    return .object(entry)
                }),
            "rehearsals": .array(
                rehearsals.map { item in
                    var entry: [String: JSONValue] = [
                        "objectionID": .string(item.objectionID), "objection": .string(item.objection),
                        "answer": .string(item.answer),
                        "score": .double(NumberText.rounded(item.score, places: 1)),
                        "createdAt": .string(iso8601(item.createdAt)),
                    ]
                    if let number = item.versionNumber { entry["version"] = .int(number) }
                    return .object(entry)
                }),
        ])
        return object.text
    }

    /// Text from outside (a title, a note, a mentor's name) on one listing line: line breaks become spaces
    /// and control characters are shown, never sent to the terminal.
    public static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").visibleControls(singleLine: true)
    }

    /// `diff`: the word diff (colour on a terminal, `[-removed-]{+added+}` otherwise), then the score
    /// change per rubric and the criteria that moved.
    public static func diffText(
        pitch: String, old: DraftVersion, new: DraftVersion, oldLabel: String? = nil,
        newLabel: String? = nil, color: Bool
    ) -> String {
        let oldName = oldLabel ?? "v\(old.number)"
        let newName = newLabel ?? "v\(new.number)"
        var out = Paint(on: color)("--- \(pitch) \(oldName)\n+++ \(pitch) \(newName)", "1") + "\n"
        // The changed passages with a few words around each, not the whole text again, marked `[-old-]{+new+}`
        // (and coloured on a terminal), so a deletion and an insertion never run together.
        let passages = WordDiff.passages(WordDiff.diff(old: old.text, new: new.text))
        out +=
            passages.isEmpty
            ? "(the text is the same)"
            : passages.map { passage -> String in
                guard color else { return WordDiff.plain(passage) }
                return WordDiff.render(
                    passage, removed: { Paint(on: true)("[-\($0)-]", "31;9") },
                    added: { Paint(on: true)("{+\($0)+}", "32;4") })
            }.joined(separator: "\n\n")
        if !out.hasSuffix("\n") { out += "\n" }
        out +=
            "\n"
            + scoreDeltaTable(old: old.snapshot, new: new.snapshot, oldName: oldName, newName: newName, color: color)
        return out
    }

    /// Rubric-by-rubric change, then every criterion whose score moved.
    /// `names` turns ids into what a reader knows them by (the mentor's email: "Bridge risk", "A named successor").
    public static func scoreDeltaTable(
        old: ScoreSnapshot, new: ScoreSnapshot, oldName: String, newName: String,
        color: Bool, names: [String: String] = [:]
    ) -> String {
        var rows: [(String, String, String, String)] = [("score", oldName, newName, "change")]
        func add(_ label: String, _ a: Double?, _ b: Double?) {
            rows.append(
                (
                    label, a.map { String(Int($0.rounded())) } ?? "–", b.map { String(Int($0.rounded())) } ?? "–",
                    coloredDelta(Self.change(from: a ?? 0, to: b ?? 0), color: color)
                ))
        }
        add("overall", old.overall, new.overall)
        for id in Set(old.rubrics.keys).union(new.rubrics.keys).sorted() {
            add(names[id] ?? id, old.rubrics[id], new.rubrics[id])
        }
        let width = rows.map(\.0.count).max() ?? 0
        var out =
            rows.map { row in
                row.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + row.1.leftPad(5) + "  " + row.2.leftPad(5) + "  " + row.3
            }.joined(separator: "\n") + "\n"
        let moved = Set(old.criteria.keys).union(new.criteria.keys).sorted().filter {
            abs((new.criteria[$0] ?? 0) - (old.criteria[$0] ?? 0)) >= 0.005
        }
        if moved.isEmpty {
            out += "no criterion moved\n"
        } else {
            out += "criteria that moved:\n"
            let keyWidth = moved.map { (names[$0] ?? $0).count }.max() ?? 0
            for key in moved {
                let a = old.criteria[key] ?? 0
                let b = new.criteria[key] ?? 0
                let name = (names[key] ?? key).padding(toLength: keyWidth, withPad: " ", startingAt: 0)
                out +=
                    "  \(name)  \(String(format: "%.2f", a)) → \(String(format: "%.2f", b))  "
                    + coloredDelta((b - a) * 100, color: color).replacingOccurrences(of: "±0", with: "~0") + "\n"
            }
        }
        return out
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
