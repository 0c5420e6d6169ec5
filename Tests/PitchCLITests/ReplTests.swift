import Foundation
import PitchStore
import TestSupport
import XCTest

@testable import LineEditing
@testable import PitchCLI

/// The REPL driven by scripted input, in process, against a real store file.
final class ReplTests: XCTestCase {
    var box: Sandbox!
    override func setUpWithError() throws { box = try Sandbox() }

    func workspace() -> Workspace { Workspace(environment: box.environment) }

    func run(_ lines: [String], workspace: Workspace? = nil) -> [String] {
        var out: [String] = []
        let repl = Repl(
            workspace: workspace ?? self.workspace(), reader: ScriptedReader(lines), output: { out.append($0) })
        let status = repl.run()
        // A scripted session ends with 2 when any of its commands failed, else 0.
        XCTAssertEqual(status, repl.hadError ? 2 : 0)
        return out
    }

    func testComposeScoreSaveLog() throws {
        let out = run([
            "new demo Move to platform", "write",
            "I'd like to move to the platform team, where I can cut deploy time by 40%.",
            "Priya is ready to lead the team and I will coach her through a six-week handover.", ".", "score",
            "save first draft", "log",
        ])
        let text = out.joined(separator: "\n")
        XCTAssertTrue(text.contains("overall "), text)
        XCTAssertTrue(text.contains("Successor readiness"))
        XCTAssertTrue(text.contains("saved demo v1 — overall"))
        XCTAssertTrue(text.contains("first draft"))
        let store = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!)
        let version = try store.version(of: "demo", number: 1)
        XCTAssertTrue(version.text.hasPrefix("I'd like to move"))
        XCTAssertEqual(version.note, "first draft")
        XCTAssertNil(try store.workingDraft(of: "demo"), "saving clears the unsaved draft")
    }

    /// `log` shows each version's band as it was scored: a draft whose bridge risk reads high is `risky` there as
    /// in `score`, not the band its overall alone would give.
    func testTheLogShowsTheBandAsScored() throws {
        let bitter = """
            I'm sick of being ignored in every meeting, and management has made one bad call after another.
            You never backed me when it mattered, so I want to move to the platform team.
            """
        let out = run(
            ["new demo Move", "write"] + bitter.split(separator: "\n").map(String.init) + [".", "save", "log"])
        let text = out.joined(separator: "\n")
        let store = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!)
        let snapshot = try store.version(of: "demo", number: 1).snapshot
        XCTAssertEqual(snapshot.band, .risky, text)
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("v1 ") }, text)
        XCTAssertTrue(line.contains(" risky"), String(line))
    }

    func testEveryComposedLineIsInTheStoreBeforeTheNextIsTyped() throws {
        final class Watching: LineReader {
            var completer: ((String, Int, String) -> [String])?
            var isInteractive: Bool { false }
            var lines = ["new crash", "write", "first line", "second line"]
            var seen: String?
            let storePath: String
            init(storePath: String) { self.storePath = storePath }
            func readLine(prompt: String) -> LineInput {
                if lines.isEmpty {
                    // As if the process were killed here: what does another process see?
                    seen = (try? PitchStore(path: storePath).workingDraft(of: "crash"))?.text
                    return .endOfInput
                }
                return .line(lines.removeFirst())
            }
            func addHistory(_ line: String) {}
        }
        let reader = Watching(storePath: box.environment["PITCHCOACH_STORE"]!)
        _ = Repl(workspace: workspace(), reader: reader, output: { _ in }).run()
        XCTAssertEqual(reader.seen, "first line\nsecond line\n")
        let recovered = run(["open crash", "show"])
        XCTAssertTrue(recovered.contains { $0.contains("recovered an unsaved draft") }, "\(recovered)")
        XCTAssertTrue(recovered.contains { $0.contains("second line") })
    }

    func testCtrlCCancelsComposeAndKeepsTheDraft() throws {
        _ = run(["new c", "write", "kept line", "."])
        var out: [String] = []
        let reader = ScriptedReader(inputs: [
            .line("open c"), .line("write"), .line("lost line"), .interrupted, .line("show"),
        ])
        _ = Repl(workspace: workspace(), reader: reader, output: { out.append($0) }).run()
        XCTAssertTrue(out.contains { $0.contains("compose cancelled") })
        XCTAssertTrue(out.contains("kept line"), "show prints the draft without a trailing blank line: \(out)")
        XCTAssertFalse(out.contains { $0.contains("lost line") })
    }

    func testTwoSessionsDoNotSilentlyOverwriteEachOther() throws {
        _ = run(["new shared", "write", "base", "."])
        var outA: [String] = []
        var outB: [String] = []
        let a = Repl(workspace: workspace(), reader: ScriptedReader([]), output: { outA.append($0) })
        let b = Repl(workspace: workspace(), reader: ScriptedReader([]), output: { outB.append($0) })
        XCTAssertTrue(try a.execute("open shared"))
        XCTAssertTrue(try b.execute("open shared"))
        try a.session.setDraft("from A")
        try b.session.setDraft("from B")
        XCTAssertTrue(outB.contains { $0.contains("another session changed") }, "\(outB)")
        XCTAssertFalse(outA.contains { $0.contains("another session changed") })
        // Back and forth: each session's text is either the working draft or kept as a version, never lost.
        try a.session.setDraft("from A, second line")
        try b.session.setDraft("from B, second line")
        XCTAssertTrue(outA.contains { $0.contains("another session changed") }, "\(outA)")
        let store = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!)
        let kept = try store.versions(of: "shared").map(\.text)
        XCTAssertEqual(kept, ["from A", "from B", "from A, second line"])
        XCTAssertTrue(try store.versions(of: "shared").allSatisfy { $0.note?.contains("another session") == true })
        XCTAssertEqual(try store.workingDraft(of: "shared")?.text, "from B, second line")
    }

    func testRestoreKeepsTheUnsavedDraftAsAVersion() throws {
        let out = run([
            "new r", "write", "first", ".", "save one", "write", "precious unsaved words", ".", "restore 1", "show",
        ])
        XCTAssertTrue(out.contains { $0.contains("the unsaved draft is kept as v2") }, "\(out)")
        let store = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!)
        XCTAssertEqual(try store.version(of: "r", number: 2).text, "precious unsaved words\n")
        XCTAssertEqual(try store.version(of: "r", number: 3).text, "first\n")
        XCTAssertNil(try store.workingDraft(of: "r"))
    }

    func testAComposeThatTypedNothingLeavesNoDraftBehind() throws {
        _ = run(["new n", "write", "saved text", ".", "save one"])
        var out = run(["open n", "write", ".", "write +", ".", "quit"])
        XCTAssertTrue(out.contains { $0.contains("nothing typed") }, "\(out)")
        XCTAssertFalse(out.contains { $0.contains("unsaved draft of n is kept") }, "\(out)")
        let store = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!)
        XCTAssertNil(try store.workingDraft(of: "n"))
        // Ctrl-C after a typed line: the line was in the store, and is taken out again.
        var lines: [String] = []
        let reader = ScriptedReader(inputs: [.line("open n"), .line("write"), .line("a line"), .interrupted])
        _ = Repl(workspace: workspace(), reader: reader, output: { lines.append($0) }).run()
        XCTAssertNil(try store.workingDraft(of: "n"), "\(lines)")
        out = run(["open n"])
        XCTAssertTrue(out.contains { $0.contains("opened n at v1") }, "\(out)")
    }

    func testSavingDoesNotDropAnotherSessionsNewerDraft() throws {
        _ = run(["new shared", "write", "base", "."])
        var outA: [String] = []
        let a = Repl(workspace: workspace(), reader: ScriptedReader([]), output: { outA.append($0) })
        let b = Repl(workspace: workspace(), reader: ScriptedReader([]), output: { _ in })
        XCTAssertTrue(try a.execute("open shared"))
        XCTAssertTrue(try b.execute("open shared"))
        try b.session.setDraft("from B, newer")
        XCTAssertTrue(try a.execute("save from A"))
        XCTAssertTrue(outA.contains { $0.contains("another session changed the unsaved draft") }, "\(outA)")
        let store = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!)
        XCTAssertEqual(try store.workingDraft(of: "shared")?.text, "from B, newer")
        XCTAssertEqual(try store.version(of: "shared", number: 1).text, "base\n")
    }

    func testExportTakesTheCommandLinesOptionsAndFeedbackImportsASavedReply() throws {
        let eml = box.root.appendingPathComponent("to-mentor.eml").path
        let reply = box.root.appendingPathComponent("reply.eml").path
        try Data(
            """
            From: Mark Mentor <mark@example.com>\r
            To: me@example.com\r
            Subject: Re: Pitch review\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Lead with the team's numbers.\r
            \r
            > Priya is ready to lead the team from March.\r

            """.utf8
        ).write(to: URL(fileURLWithPath: reply))
        let out = run([
            "new m", "write", "Priya is ready to lead the team from March.", ".", "save one",
            "export @1 --to \"Märk Mentor <mark@example.com>\" --from me@example.com --out \(eml) --question \"Is the ask clear?\"",
            "feedback \(reply)",
        ])
        XCTAssertTrue(out.contains { $0.contains("wrote \(eml)") }, "\(out)")
        let message = try String(contentsOfFile: eml, encoding: .utf8)
        XCTAssertTrue(message.contains("To: =?UTF-8?B?"), message)
        XCTAssertTrue(message.contains("Is the ask clear?"))
        XCTAssertTrue(
            out.contains { $0.contains("attached feedback from Mark Mentor <mark@example.com> to m v1") }, "\(out)")
        let store = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!)
        XCTAssertEqual(try store.feedback(of: "m").map(\.text), ["Lead with the team's numbers."])
    }

    func testSavingAnUnchangedDraftAddsNoVersionAndHelpNamesUnknownCommands() throws {
        let out = run(["new u", "write", "the same words", ".", "save one", "save again", "diff", "help zzz"])
        XCTAssertTrue(out.contains("no change since v1: nothing saved"), "\(out)")
        XCTAssertTrue(out.contains("u has one version: nothing to compare yet"), "\(out)")
        XCTAssertTrue(out.contains { $0.hasPrefix("no command 'zzz'") }, "\(out)")
        let store = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!)
        XCTAssertEqual(try store.versions(of: "u").count, 1)
    }

    func testSavingTheSameWordsInOtherBytesIsAChange() throws {
        // "Zoë" precomposed, then with a combining diaeresis (as pasted from some systems): Swift's == calls them equal.
        let out = run([
            "new z", "write", "Zo\u{EB} will lead the team.", ".", "save one", "write",
            "Zoe\u{308} will lead the team.", ".", "save two",
        ])
        XCTAssertTrue(out.contains { $0.hasPrefix("saved z v2") }, "\(out)")
        let store = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!)
        XCTAssertEqual(Array(try store.version(of: "z", number: 2).text.utf8.prefix(4)), [0x5A, 0x6F, 0x65, 0xCC])
    }

    func testUnknownCommandSuggestsTheNearest() {
        let out = run(["scroe"])
        XCTAssertEqual(out.count, 1)
        XCTAssertTrue(out[0].contains("did you mean 'score'"), out[0])
        XCTAssertTrue(out[0].contains("help"))
    }

    func testPrepResumesAtTheFirstUnansweredQuestion() throws {
        let questions = try workspace().prompts().questions(for: "lateral")
        // Two answers, then the input ends: prep stops, answers kept.
        _ = run(["new r", "prep lateral", "first answer", "second answer"])
        let again = run(["open r", "prep", "third answer"]).joined(separator: "\n")
        XCTAssertTrue(again.contains("3/\(questions.count) \(questions[2].text)"), again)
        XCTAssertFalse(again.contains("1/\(questions.count) "), again)
        let answers = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!).prepAnswers(of: "r")
        XCTAssertEqual(answers.first { $0.questionID == questions[2].id }?.answer, "third answer")
        XCTAssertEqual(answers.first { $0.questionID == questions[0].id }?.answer, "first answer")
    }

    func testCommandsNeedingAPitchSaySo() {
        let out = run(["save", "score"])
        XCTAssertTrue(out.allSatisfy { $0.contains("no pitch open") }, "\(out)")
    }

    func testPrepThenOutlineOpensWithTheAskThenBenefitSuccessor() throws {
        var lines = ["new p", "prep lateral"]
        // Answer every lateral question with a marker naming it.
        let library = try workspace().prompts()
        let questions = library.questions(for: "lateral")
        lines += questions.map { "ANSWER-\($0.id)" }
        lines += ["outline", "show"]
        let out = run(lines).joined(separator: "\n")
        let draft = try XCTUnwrap(try PitchStore(path: box.environment["PITCHCOACH_STORE"]!).workingDraft(of: "p")).text
        let benefit = try XCTUnwrap(draft.range(of: "ANSWER-boss-benefit")).lowerBound
        let successor = try XCTUnwrap(draft.range(of: "ANSWER-successor")).lowerBound
        let ask = try XCTUnwrap(draft.range(of: "ANSWER-want")).lowerBound
        XCTAssertLessThan(ask, benefit)
        XCTAssertLessThan(benefit, successor)
        // The ask opens the draft as a question; answers are sentences, each written once; reminders stay outside.
        XCTAssertTrue(draft.hasPrefix("Could I ANSWER-want?"), draft)
        XCTAssertTrue(draft.contains("ANSWER-successor."), draft)
        for question in questions where draft.contains("ANSWER-\(question.id)") {
            XCTAssertEqual(draft.components(separatedBy: "ANSWER-\(question.id)").count, 2, draft)
        }
        XCTAssertFalse(draft.contains("boss will ask"), draft)
        XCTAssertTrue(out.contains("overall "))
        // prep again shows the stored answers
        let again = run(["open p", "prep"]).joined(separator: "\n")
        XCTAssertTrue(again.contains("now: ANSWER-want"), again)
        // prep N revises just that answer
        let wantNumber = try XCTUnwrap(questions.firstIndex { $0.id == "want" }) + 1
        let one = run(["open p", "prep \(wantNumber)", "REVISED-want"])
        XCTAssertEqual(one.filter { $0.contains("hint:") }.count, 1, "\(one)")
        let answers = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!).prepAnswers(of: "p")
        XCTAssertEqual(answers.first { $0.questionID == "want" }?.answer, "REVISED-want")
        XCTAssertEqual(answers.first { $0.questionID == "successor" }?.answer, "ANSWER-successor")
        XCTAssertTrue(run(["open p", "prep 99"]).contains { $0.contains("prep N takes a question number") })
    }

    func testRehearseAsksAboutTheMissingSuccessorFirst() throws {
        let out = run([
            "new r", "write", "I want to move to the platform team because I am tired of managing people.", ".",
            "rehearse 2", "Priya has shadowed me for six months and can lead the team from March.", "",
            "She would lead from March 1 and I would stay on for a month.", "",
            "It helps your goals.", "", "The team keeps its lead and you get the migration done sooner.", "",
        ])
        .joined(separator: "\n")
        let first = try XCTUnwrap(out.components(separatedBy: "\n").first { $0.contains("Objection 1") })
        XCTAssertTrue(first.contains("team"), first)
        let rehearsals = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!).rehearsals(of: "r")
        XCTAssertEqual(rehearsals.count, 2)
        XCTAssertTrue(rehearsals[0].answer.contains("Priya"))
        XCTAssertGreaterThan(rehearsals[0].score, 0)
    }

    func testTabCompletionCandidates() throws {
        _ = run(["new alpha", "write", "text", ".", "save"])
        let repl = Repl(workspace: workspace(), reader: ScriptedReader([]), output: { _ in })
        XCTAssertTrue(repl.complete(line: "sc", wordStart: 0, word: "sc").contains("score"))
        XCTAssertTrue(repl.complete(line: "open ", wordStart: 5, word: "").contains("alpha"))
        XCTAssertTrue(repl.complete(line: "why ", wordStart: 4, word: "").contains("named-successor"))
        _ = try repl.execute("open alpha")
        XCTAssertEqual(repl.complete(line: "show ", wordStart: 5, word: ""), ["1"])
        XCTAssertEqual(
            repl.complete(line: "show 1 ", wordStart: 7, word: ""), [], "one version number is all show takes")
        XCTAssertEqual(repl.complete(line: "diff 1 ", wordStart: 7, word: ""), ["1"])
    }

    func testEditReadsBackWhatTheEditorWroteAndPersistsIt() throws {
        // A stand-in editor: appends a line to the file it is given, as a person would.
        let editor = try box.file(
            "editor.sh", "#!/bin/sh\nprintf 'Priya will lead the team from March.\\n' >> \"$1\"\n")
        chmod(editor, 0o755)
        var environment = box.environment
        environment["VISUAL"] = ""
        environment["EDITOR"] = editor
        let out = run(
            ["new e", "write", "I want to move to the platform team.", ".", "edit", "show"],
            workspace: Workspace(environment: environment)
        ).joined(separator: "\n")
        XCTAssertTrue(out.contains("I want to move to the platform team.\nPriya will lead the team from March."), out)
        let scoreLines = out.components(separatedBy: "\n").filter { $0.hasPrefix("overall ") }
        XCTAssertEqual(scoreLines.count, 2, out)
        XCTAssertTrue(scoreLines.last?.contains("(+") ?? false, "edit reports the change: \(scoreLines)")
        let working = try PitchStore(path: box.environment["PITCHCOACH_STORE"]!).workingDraft(of: "e")
        XCTAssertEqual(working?.text, "I want to move to the platform team.\nPriya will lead the team from March.\n")
    }

    func testEditorFailureLeavesTheDraftAlone() throws {
        var environment = box.environment
        environment["VISUAL"] = "false"
        let out = run(["new f", "write", "kept", ".", "edit", "show"], workspace: Workspace(environment: environment))
        XCTAssertTrue(out.contains { $0.contains("error: false exited 1") }, "\(out)")
        XCTAssertEqual(out.dropLast().last, "kept", "\(out)")
    }

    func testRubricsListsAllOrOne() throws {
        let all = run(["rubrics"])
        XCTAssertTrue(all.contains { $0.hasPrefix("successor-readiness") }, "\(all)")
        XCTAssertTrue(all.contains { $0.hasPrefix("bridge-risk") })
        let one = run(["rubrics successor-readiness"])
        XCTAssertFalse(one.contains { $0.hasPrefix("bridge-risk") }, "\(one)")
        XCTAssertTrue(one.contains { $0.contains("named-successor") })
        let unknown = run(["rubrics nope"])
        XCTAssertTrue(unknown.first?.contains("no rubric with id 'nope'") ?? false, "\(unknown)")
    }

    func testSharedVerbsCompleteTheirOwnOptions() throws {
        let repl = Repl(workspace: workspace(), reader: ScriptedReader([]), output: { _ in })
        let export = repl.complete(line: "export --d", wordStart: 7, word: "--d")
        XCTAssertTrue(export.contains("--dry-run") && export.contains("--include"), "\(export)")
        XCTAssertFalse(export.contains("--store"), "the REPL's store is fixed: \(export)")
        XCTAssertTrue(repl.complete(line: "score --", wordStart: 6, word: "--").contains("--full"))
        XCTAssertEqual(run(["log --store elsewhere.sqlite"]).count, 1)
        XCTAssertTrue(run(["log --store x"]).first?.contains("the REPL works on one store") ?? false)
    }

    func testPromptShowsPitchVersionAndScore() throws {
        _ = run(["new demo", "write", "Priya is ready to lead the team from March.", ".", "save"])
        // On a terminal the REPL reopens the last pitch opened in this store.
        let reader = ScriptedReader(["open demo"], interactive: true)
        _ = Repl(workspace: workspace(), reader: reader, output: { _ in }).run()
        XCTAssertNotNil(
            reader.prompts.first?.range(of: #"^demo v1 \d+> $"#, options: .regularExpression), "\(reader.prompts)")
        XCTAssertNotNil(
            reader.prompts.last?.range(of: #"^demo v1 \d+> $"#, options: .regularExpression), "\(reader.prompts)")
    }
}
