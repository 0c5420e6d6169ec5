import Foundation
import LineEditing
import PitchCore
import PitchStore

/// `rehearse`: the boss's likely objections, weakest points of the draft first; each answer is scored
/// against the criteria the objection probes, with the same scorer as the draft.
struct RehearsalSession {
    let workspace: Workspace
    let pitch: String
    let reader: LineReader
    let output: (String) -> Void

    struct Answer {
        var objection: Objection
        var text: String
        var score: Double
        var backIntoDraft: Bool
    }

    /// Reads one answer: on a terminal, lines until an empty one; from a script, a paragraph.
    func readAnswer() -> String? {
        var lines: [String] = []
        while true {
            switch reader.readLine(prompt: lines.isEmpty ? "answer> " : "     > ") {
            case .line(let line):
                if line.trimmingCharacters(in: .whitespaces).isEmpty {
                    if lines.isEmpty { continue }
                    return lines.joined(separator: "\n")
                }
                lines.append(line)
            case .interrupted: return nil
            case .endOfInput: return lines.isEmpty ? nil : lines.joined(separator: "\n")
            }
        }
    }

    @discardableResult
    func run(draft: String, versionNumber: Int?, rounds: Int, kind: String?, asked: inout Set<String>) throws -> [Answer] {
        let rubrics = try workspace.rubrics()
        let library = try workspace.prompts()
        let card = Scorer.score(draft, rubrics: rubrics)
        let scores = ScoreSnapshot(card).criteria
        let picked = ObjectionPicker.pick(from: library.objections, criterionScores: scores, kind: kind, exclude: asked, count: rounds)
        guard !picked.isEmpty else {
            output("No objections left to rehearse in this session (\(asked.count) asked).")
            return []
        }
        let store = try workspace.store()
        var answers: [Answer] = []
        for (i, objection) in picked.enumerated() {
            output("\nObjection \(i + 1) of \(picked.count): \(objection.text)")
            if reader.isInteractive { output("(answer as you would say it; an empty line ends the answer, Ctrl-C stops)") }
            guard let answer = readAnswer() else { output("Rehearsal stopped."); break }
            asked.insert(objection.id)
            let scored = AnswerScorer.score(answer, probes: objection.probes, rubrics: rubrics)
            let score = scored.score
            output("Answer scored \(Int(score.rounded()))/100 on \(objection.probes.joined(separator: ", ")).")
            if !scored.strong.isEmpty { output("  Strong: \(scored.strong.map(\.name).joined(separator: "; ")).") }
            if scored.tooShort {
                output("  Add: say more — a good answer has: \(objection.goodAnswer)")
            } else if let first = scored.weak.first {
                output("  Add: \(first.advice)")
            } else {
                output("  A good answer also has: \(objection.goodAnswer)")
            }
            let draftWeak = objection.probes.contains { (scores[$0] ?? 1) < 0.5 }
            let back = score >= 60 && draftWeak
            try Workspace.storeCall {
                try store.addRehearsal(pitch: pitch, objectionID: objection.id, objection: objection.text, answer: answer,
                                       score: score, versionNumber: versionNumber)
            }
            answers.append(Answer(objection: objection, text: answer, score: score, backIntoDraft: back))
        }
        if !answers.isEmpty {
            output("\nRehearsal summary")
            for answer in answers {
                output("  \(String(Int(answer.score.rounded())).leftPad(3))/100  \(answer.objection.text)\(answer.backIntoDraft ? "  → put this answer into the draft" : "")")
            }
        }
        return answers
    }
}
