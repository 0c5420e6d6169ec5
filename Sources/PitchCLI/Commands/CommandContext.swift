import ArgumentParser
import Foundation
import LineEditing

/// Where a command runs: the command line (standard output, its own workspace), or the REPL (the session's
/// output and workspace, the open pitch and its working draft). One command type serves both surfaces.
final class CommandContext {
    let workspace: Workspace
    let output: (String) -> Void
    let reader: LineReader
    /// The REPL's draft session; nil on the command line.
    let session: DraftSession?

    init(workspace: Workspace, output: @escaping (String) -> Void, reader: LineReader, session: DraftSession?) {
        self.workspace = workspace
        self.output = output
        self.reader = reader
        self.session = session
    }

    /// The command line: stdout, and stdin read by readline on a terminal.
    static func commandLine(_ workspace: Workspace) -> CommandContext {
        let reader: LineReader = isatty(STDIN_FILENO) == 1 ? ReadlineReader(historyPath: nil) : StdinReader()
        return CommandContext(workspace: workspace, output: { print($0) }, reader: reader, session: nil)
    }

    /// Prints a block; its own final newline is not doubled.
    func say(_ text: String) { output(text.withoutFinalNewline) }

    /// `auto` colours a terminal: on the command line standard output, in the REPL the session's terminal.
    func useColor(_ choice: Terminal.ColorChoice) -> Bool {
        guard let session, choice == .auto else { return Terminal.useColor(choice, environment: workspace.environment) }
        return session.reader.isInteractive && Terminal.useColor(.auto, environment: workspace.environment)
    }

    /// A draft to read: a file, or `-` — standard input on the command line, the working draft in the REPL.
    func input(_ path: String) throws -> String {
        guard path == "-", let session else { return try InputText.read(path: path) }
        return session.draft
    }

    /// A user's text as saved: its exact bytes on the command line; in the REPL, controls made visible, wrapped.
    func userText(_ text: String) {
        guard let session else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        output(session.wrappedForTerminal(text.withoutFinalNewline.visibleControls()))
    }
}

/// A command that the REPL runs too, with the open pitch injected. Its name, options, validation, help and
/// behaviour come from the one `ParsableCommand` type.
protocol SharedCommand: ParsableCommand {
    func run(in context: CommandContext) throws
    /// The REPL's words turned into this command's arguments (the open pitch injected where a name is due).
    static func replArguments(_ words: [String], pitch: String?) throws -> [String]
    /// The REPL's usage line, without the pitch the REPL supplies.
    static var replUsage: String { get }
}

extension SharedCommand {
    /// The open pitch, or the REPL's one-line reason why there is none.
    static func requirePitch(_ pitch: String?) throws -> String {
        guard let pitch else { throw CLIError("no pitch open: 'new NAME' or 'open NAME' first ('list' shows them)") }
        return pitch
    }

    /// By default the open pitch goes first, then the words typed, a version `v2` read as `2` (`restore v1`).
    static func replArguments(_ words: [String], pitch: String?) throws -> [String] {
        if words.contains("--help") || words.contains("-h") { return words }
        return [try requirePitch(pitch)] + words.map { word in versionNumber(word).map(String.init) ?? word }
    }
}
