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
        var flags: [String] = []
        var followUp: String?
        var followUpAnswer: String?
        var followUpScore: Double?
    }

    /// Below this an answer gets one follow-up from the boss.
    static let weakAnswer = 60.0

    /// The boss's follow-up to a weak answer, in the boss's voice: to a threat, the question it invites; else the
    /// gap the objection probes.
    static func followUp(_ objection: Objection, _ scored: AnswerScore) -> String {
        if scored.flags.contains(where: { $0.hasSuffix("/no-ultimatums") }) { return "And if I say no?" }
        if !scored.flags.isEmpty { return "Let's keep this constructive. What exactly are you proposing?" }
        if objection.probes.contains(where: { $0.hasPrefix("successor-readiness/") }) {
            return "Who covers the team then, and from when?"
        }
        if objection.probes.contains(where: { $0.hasPrefix("organisational-benefit/") }) {
            return "And what does the team get out of it?"
        }
        return "Can you be more specific?"
    }

    /// The first words of an answer, on one line.
    static func excerpt(_ text: String, words: Int = 16) -> String {
        let all = text.split(whereSeparator: \.isWhitespace)
        return all.prefix(words).joined(separator: " ").visibleControls(singleLine: true)
            + (all.count > words ? " …" : "")
    }
    /// The longest answer read: a spoken answer is a paragraph, and `yes | pitchcoach rehearse` must end.
    static let answerLimit = 100_000

    /// Reads one answer: on a terminal, lines until an empty one; from a script, a paragraph.
    func readAnswer() throws -> String? {
        var lines: [String] = []
        var bytes = 0
        while true {
            switch reader.readLine(prompt: lines.isEmpty ? "answer> " : "     > ") {
            case .line(let line):
                if line.trimmingCharacters(in: .whitespaces).isEmpty {
                    if lines.isEmpty { continue }
                    return lines.joined(separator: "\n")
                }
                lines.append(line)
                bytes += line.utf8.count + 1
                if bytes > Self.answerLimit {
                    throw CLIError(
                        """
                        an answer longer than \(Self.answerLimit / 1000) KB (an empty line ends one); rehearsal stopped
                        """
                    )
                }
            case .interrupted: return nil
            case .endOfInput:
                if let failure = reader.failure { throw CLIError(failure) }
                return lines.isEmpty ? nil : lines.joined(separator: "\n")
            }
        }
    }

    /// The score of one answer, what it did well, what it lacks, what it must not say, and always the model answer.
    func report(_ scored: AnswerScore, _ objection: Objection, _ say: (String) -> Void) {
        let on = (objection.question == nil ? [] : ["whether it answers the question"]) + objection.probes
        say("Answer scored \(Int(scored.score.rounded()))/100 on \(on.joined(separator: ", ")).")
        if !scored.flags.isEmpty {
            say(
                """
                  Flagged: \
                \(scored.flags.joined(separator: ", "))\
                \(scored.crossesRedLine ? " — a red line: never say this to your boss" : "").
                """
            )
        }
        // The question's own criterion is named by the question: "it answers the question" reads better.
        let strong = scored.strong.map { $0.id == objection.question ? "it answers the question" : $0.name }
        if !strong.isEmpty { say("  Strong: \(strong.joined(separator: "; ")).") }
        if scored.tooShort {
            say("  Missing: say more.")
        } else if !scored.weak.isEmpty {
            say("  Missing: \(scored.weak.map(\.name).joined(separator: "; ")) — \(scored.weak[0].advice)")
        }
        say("  A model answer: \(objection.goodAnswer)")
    }

    @discardableResult
    func run(
        draft: String, versionNumber: Int?, rounds: Int, kind: String?, asked: inout Set<String>, json: Bool = false
    ) throws -> [Answer] {
        let rubrics = try workspace.rubrics()
        let library = try workspace.prompts()
        let book = try workspace.questionBook()
        let card = try workspace.score(draft)
        let scores = ScoreSnapshot(card).criteria
        // The weakest criteria's objections and the draft's open questions, taken in turn.
        // The objections fit the situation: the one named, else the draft's own.
        let situation = kind ?? card.situation.flatMap { PromptLibrary.allSituations.contains($0) ? $0 : nil }
        let fromCriteria = ObjectionPicker.pick(
            from: library.objections, criterionScores: scores, kind: situation,
            exclude: asked, count: rounds)
        let fromQuestions = (book?.objections(for: card) ?? []).filter {
            !asked.contains($0.id)
        }
        var picked: [Objection] = []
        for k in 0..<max(fromCriteria.count, fromQuestions.count) where picked.count < rounds {
            if k < fromCriteria.count { picked.append(fromCriteria[k]) }
            if k < fromQuestions.count, picked.count < rounds { picked.append(fromQuestions[k]) }
        }
        guard !picked.isEmpty else {
            output("No objections left to rehearse in this session (\(asked.count) asked).")
            return []
        }
        let store = try workspace.store()
        var answers: [Answer] = []
        let say: (String) -> Void = json ? { _ in } : output
        for (i, objection) in picked.enumerated() {
            say("\nObjection \(i + 1) of \(picked.count): \(objection.text)")
            if reader.isInteractive { say("(answer as you would say it; an empty line ends the answer, Ctrl-C stops)") }
            guard let answer = try readAnswer() else {
                say("Rehearsal stopped.")
                break
            }
            asked.insert(objection.id)
            let bookQuestion = book.flatMap { book in objection.question.map { (book: book, id: $0) } }
            let scored = AnswerScorer.score(answer, probes: objection.probes, rubrics: rubrics, question: bookQuestion)
            var record = Answer(
                objection: objection, text: answer, score: scored.score, backIntoDraft: false, flags: scored.flags)
            report(scored, objection, say)
            if scored.score < Self.weakAnswer {
                let question = Self.followUp(objection, scored)
                record.followUp = question
                // From a script each answer is one round: the follow-up is announced, and the next answer is
                // the next round's, not taken for the follow-up's.
                say(
                    reader.isInteractive
                        ? "The boss follows up: \(question)"
                        : "The boss would follow up: \(question) (rehearse on a terminal to answer it)")
                if reader.isInteractive, let more = try readAnswer() {
                    let again = AnswerScorer.score(
                        more, after: answer, probes: objection.probes, rubrics: rubrics, question: bookQuestion)
                    record.followUpAnswer = more
                    record.followUpScore = again.score
                    record.flags = Array(Set(record.flags + again.flags)).sorted()
                    report(again, objection, say)
                }
            }
            let best = max(record.score, record.followUpScore ?? 0)
            record.backIntoDraft = best >= 60 && objection.probes.contains { (scores[$0] ?? 1) < 0.5 }
            let full = [answer, record.followUpAnswer].compactMap { $0 }.joined(separator: "\n")
            try Workspace.storeCall {
                try store.addRehearsal(
                    pitch: pitch, objectionID: objection.id, objection: objection.text, answer: full,
                    score: best, versionNumber: versionNumber)
            }
            answers.append(record)
        }
        if json {
            output(
                JSONValue.object([
                    "schemaVersion": .int(1), "pitch": .string(pitch),
                    "rounds": .array(
                        answers.map { a in
                            var round: [String: JSONValue] = [
                                "objection": .string(a.objection.text), "answer": .string(a.text),
                                "score": .double(NumberText.rounded(a.score, places: 1)),
                                "flags": .array(a.flags.map { .string(String($0.split(separator: "/").last ?? "")) }),
                                "modelAnswer": .string(a.objection.goodAnswer),
                                "followUp": a.followUp.map { .string($0) } ?? .null,
                            ]
                            if let more = a.followUpAnswer { round["followUpAnswer"] = .string(more) }
                            if let again = a.followUpScore {
                                round["followUpScore"] = .double(NumberText.rounded(again, places: 1))
                            }
                            return .object(round)
                        }),
                ]).text)
        } else if !answers.isEmpty {
            output("\nRehearsal summary")
            for (i, answer) in answers.enumerated() {
                let main = Int(answer.score.rounded())
                let again = answer.followUpScore.map { ", after the follow-up \(Int($0.rounded()))" } ?? ""
                output(
                    "  \(i + 1). \(answer.objection.text) — \(main)/100\(again)"
                        + (answer.backIntoDraft ? "  → put this answer into the draft" : ""))
                output("     you said: “\(Self.excerpt(answer.text))”")
            }
            let work = answers.filter { max($0.score, $0.followUpScore ?? 0) < Self.weakAnswer || !$0.flags.isEmpty }
            if !work.isEmpty { output("  Work on: " + work.map { "“\($0.objection.text)”" }.joined(separator: ", ")) }
        }
        return answers
    }
}
