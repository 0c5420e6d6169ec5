import Foundation
import TestSupport
import XCTest

/// The REPL in a real terminal: tmux runs the built binary, send-keys types, capture-pane reads the screen.
/// Each test has a tmux server of its own (`-L`), kept alive by a session that waits: a server that exits with its
/// last session can race the next `new-session`, which then starts nothing (a CI run once saw an empty screen).
final class PtyReplTests: XCTestCase {
    var session = ""
    var socket = ""
    var box: Sandbox!

    /// Runs tmux on the test's own server and returns what it printed.
    func tmux(_ args: [String]) -> String {
        (try? Subprocess.run(tool: "tmux", ["-L", socket] + args, timeout: 20))?.out ?? ""
    }

    func screen() -> String { tmux(["capture-pane", "-p", "-t", session, "-S", "-300"]) }

    /// Polls the screen until `text` shows, up to a bounded wait.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 15) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if screen().contains(text) { return true }
            usleep(100_000)
        }
        return false
    }

    func type(_ keys: String...) { _ = tmux(["send-keys", "-t", session] + keys) }

    func start(extra: [String: String] = [:], prompt: String = "pitchcoach>") {
        let env = box.environment.merging(extra) { $1 }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let started = try? Subprocess.run(
            tool: "tmux",
            [
                "-L", socket, "new-session", "-d", "-s", session, "-x", "150", "-y", "50",
                "env \(env) NO_COLOR=1 \(Binary.path); sleep 60",
            ], timeout: 20)
        XCTAssertEqual(started?.status, 0, "tmux new-session: \(started?.stderr ?? "did not run")")
        // The first prompt waits on tmux starting a shell as well as on the binary: under a loaded machine (CI on two
        // cores, the other tests beside it) that once took longer than the usual wait.
        XCTAssertTrue(waitFor(prompt, seconds: 45), "no prompt: \(screen())")
    }

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            throw XCTSkip("tmux is not installed (.ci/deps installs it)")
        }
        box = try Sandbox()
        session = "pctest\(getpid())\(Int.random(in: 0...99999))"
        socket = "pcsock-" + session
        _ = tmux(["new-session", "-d", "-s", "keeper", "sleep 600"])
    }

    override func tearDown() {
        _ = tmux(["kill-server"])
        // tmux leaves the socket file of a server it killed.
        let folder = (ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp") + "/tmux-\(getuid())"
        try? FileManager.default.removeItem(atPath: folder + "/" + socket)
    }

    func testComposeScoreSaveLogCrashAndRecover() throws {
        start()
        type("new demo", "Enter")
        XCTAssertTrue(waitFor("opened demo"))
        type("write", "Enter")
        type("I'd like to propose a move to the platform team, where I can cut deploy time by 40%.", "Enter")
        type("Priya is ready to lead the team and I will coach her through a six-week handover.", "Enter")
        type(".", "Enter")
        XCTAssertTrue(waitFor("overall "), screen())
        type("sc", "Tab")
        type("Enter")
        XCTAssertTrue(waitFor("Successor readiness"), "Tab-completed 'sc' did not run score:\n\(screen())")
        type("save first draft", "Enter")
        XCTAssertTrue(waitFor("saved demo v1"))
        type("log", "Enter")
        XCTAssertTrue(waitFor("— first draft"))
        type("write", "Enter")
        type("An unsaved line that must survive a crash.", "Enter")
        usleep(500_000)
        // kill -9 the REPL while composing
        let pids = tmux(["list-panes", "-t", session, "-F", "#{pane_pid}"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let shell = try XCTUnwrap(Int32(pids))
        _ = try Subprocess.run(tool: "pkill", ["-9", "-P", String(shell), "-f", "pitchcoach"], timeout: 10)
        _ = tmux(["kill-session", "-t", session])
        // The REPL reopens the last pitch by itself, and recovers its unsaved draft.
        start(prompt: "demo v1 draft")
        XCTAssertTrue(waitFor("opened demo — recovered an unsaved draft"), screen())
        type("show", "Enter")
        XCTAssertTrue(waitFor("must survive a crash"), screen())
        type("quit", "Enter")
        let history = try String(
            contentsOfFile: box.environment["XDG_DATA_HOME"]! + "/pitchcoach/history", encoding: .utf8)
        XCTAssertTrue(history.contains("save first draft"))
    }

    func testTheDataFolderTheReplMakesIsPrivateAndDiscardAsksFirst() throws {
        start()
        let folder = box.environment["XDG_DATA_HOME"]! + "/pitchcoach"
        let mode = try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o700, "the REPL made its data folder \(String(mode ?? 0, radix: 8))")
        type("new d", "Enter")
        type("write", "Enter")
        type("Words that may go.", "Enter")
        type(".", "Enter")
        XCTAssertTrue(waitFor("overall "), screen())
        type("discard", "Enter")
        XCTAssertTrue(waitFor("Discard the unsaved draft (4 words)?"), screen())
        type("n", "Enter")
        XCTAssertTrue(waitFor("kept the unsaved draft"), screen())
        type("discard", "Enter")
        type("y", "Enter")
        XCTAssertTrue(waitFor("discarded the unsaved draft"), screen())
    }

    func testHistoryIsSharedWithTheNextSession() throws {
        start()
        type("list", "Enter")
        XCTAssertTrue(waitFor("no pitches yet"))
        type("rubrics", "Enter")
        XCTAssertTrue(waitFor("bridge-risk"))
        type("rubrics", "Enter") // a repeat is kept once
        usleep(300_000)
        type("quit", "Enter")
        _ = tmux(["kill-session", "-t", session])
        session += "b"
        start()
        // Up, Up: 'quit', then 'rubrics' — typed in the previous process, recalled from the history file.
        type("Up")
        type("Up")
        XCTAssertTrue(waitFor("pitchcoach> rubrics"), screen())
        type("C-u")
        type("Up")
        type("Up")
        type("Up")
        type("Enter")
        XCTAssertTrue(
            waitFor("no pitches yet"),
            "Up x3 recalls 'list' (the repeated 'rubrics' counts once) and Enter runs it:\n\(screen())")
    }

    func testCtrlDEndsComposeWithoutBlankLines() throws {
        start()
        type("new d", "Enter")
        XCTAssertTrue(waitFor("opened d"))
        type("write", "Enter")
        type("Priya will lead the team from March.", "Enter")
        type("C-d")
        XCTAssertTrue(waitFor("overall "), screen())
        type("show", "Enter")
        XCTAssertTrue(waitFor("\nPriya will lead the team from March."), screen())
        let lines = screen().components(separatedBy: "\n")
        let shown = try XCTUnwrap(lines.lastIndex { $0.hasSuffix("> show") }, screen())
        XCTAssertEqual(
            lines[shown + 1], "Priya will lead the team from March.", "no stray blank line after an EOF:\n\(screen())")
        let compose = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("… Priya") })
        XCTAssertTrue(lines[compose + 2].hasPrefix("overall "), "Ctrl-D ends compose with one line break:\n\(screen())")
    }

    func testCtrlCCancelsTheLineAndCtrlDLeaves() throws {
        start()
        type("this line is abandoned")
        XCTAssertTrue(waitFor("abandoned"))
        type("C-c")
        // Marked after the text, as a shell does; the prompt is not overwritten.
        XCTAssertTrue(waitFor("pitchcoach> this line is abandoned^C"), screen())
        type("help", "Enter")
        XCTAssertTrue(waitFor("Commands:"))
        XCTAssertFalse(screen().contains("unknown command 'this"))
        // Ctrl-C inside compose cancels the whole compose, the draft stays as it was.
        type("new c", "Enter")
        XCTAssertTrue(waitFor("opened c"))
        type("write", "Enter")
        type("a line that is cancelled with its compose", "Enter")
        type("and a half-typed one")
        XCTAssertTrue(waitFor("half-typed one"))
        type("C-c")
        XCTAssertTrue(waitFor("compose cancelled"), screen())
        type("show", "Enter")
        XCTAssertTrue(waitFor("(the draft is empty)"), screen())
        type("C-d")
        // Ctrl-D on an empty line leaves: the pane's shell has no pitchcoach child any more.
        let deadline = Date().addingTimeInterval(10)
        var running = true
        while running && Date() < deadline {
            let shell = tmux(["list-panes", "-t", session, "-F", "#{pane_pid}"]).trimmingCharacters(
                in: .whitespacesAndNewlines)
            running = try Subprocess.run(tool: "pgrep", ["-P", shell, "-f", "pitchcoach"], timeout: 10).status == 0
            if running { usleep(100_000) }
        }
        XCTAssertFalse(running, "Ctrl-D did not leave the REPL")
    }

    /// `edit` with vi: the editor owns the terminal while it runs (it used to be stopped in a process group
    /// of its own, the screen blank), and the draft it writes comes back.
    func testEditWithViOwnsTheTerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/vi") else {
            throw XCTSkip("vi is not installed (.ci/deps installs it)")
        }
        start(extra: ["EDITOR": "vi", "VISUAL": ""])
        type("new v", "Enter")
        XCTAssertTrue(waitFor("opened v"))
        type("write", "Enter")
        type("Priya will lead the team from March.", "Enter")
        type(".", "Enter")
        XCTAssertTrue(waitFor("overall "), screen())
        // The prompt shows the draft's score and marks it as not yet a version.
        XCTAssertTrue(waitFor("v draft "), screen())
        type("edit", "Enter")
        usleep(1_500_000)
        // Scripted keys: a new last line, then write and quit.
        type("G")
        type("o")
        type("I will coach her through a six-week handover.")
        type("Escape")
        type(":wq", "Enter")
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, screen().components(separatedBy: "overall ").count < 3 { usleep(100_000) }
        XCTAssertEqual(
            screen().components(separatedBy: "overall ").count, 3, "the edit did not come back:\n\(screen())")
        type("save edited", "Enter")
        XCTAssertTrue(waitFor("saved v v1"), screen())
        let shown = try box.run(["show", "v"])
        XCTAssertEqual(
            shown.out, "Priya will lead the team from March.\nI will coach her through a six-week handover.\n")
    }

    /// A three-paragraph text pasted into `write` (tmux pastes it bracketed, as a terminal does): it keeps its
    /// lines and paragraphs, the '.' typed after it ends the compose, and the next command is a command.
    func testBracketedPasteIntoWriteKeepsParagraphs() throws {
        start()
        type("new p", "Enter")
        XCTAssertTrue(waitFor("opened p"))
        type("write", "Enter")
        XCTAssertTrue(waitFor("a line with only '.'"))
        let text =
            "I'd like to move to the platform team.\n\nPriya is ready to lead; I will coach her.\n\nCan we decide by Friday?"
        // The pasted text ends with its line break, as a copied paragraph does; then '.' is typed.
        _ = tmux(["set-buffer", "-b", "pc", text + "\n"])
        _ = tmux(["paste-buffer", "-p", "-b", "pc", "-t", session])
        usleep(600_000)
        type(".", "Enter")
        XCTAssertTrue(waitFor("overall "), screen())
        type("save pasted", "Enter")
        XCTAssertTrue(waitFor("saved p v1"), screen())
        type("show", "Enter")
        usleep(300_000)
        XCTAssertFalse(screen().contains("… show"), "the command after the paste became draft text:\n\(screen())")
        let shown = try box.run(["show", "p"])
        XCTAssertEqual(shown.out, text + "\n")
    }
}
