import ArgumentParser
import Foundation
import LineEditing

/// `pitchcoach`: the REPL when run bare, or one of the subcommands.
public struct PitchCoachCommand: ParsableCommand {
    public static let version = "0.1.0"
    public static let configuration = CommandConfiguration(
        commandName: "pitchcoach",
        abstract: "Draft, score, version and rehearse the pitch you make to your boss about a career move.",
        discussion: """
            Run with no arguments for the drafting REPL (on a terminal), or pipe REPL commands on stdin; errors go to
            standard error, and a piped session that hit an error exits 2 once every command has run.
            Exit codes: 0 fine; 1 score below --fail-under or failed rubric examples; 2 bad usage or unreadable input.
            """,
        version: version,
        subcommands: [
            ScoreCommand.self, RubricsCommand.self, NewCommand.self, ListCommand.self, SaveCommand.self,
            LogCommand.self, ShowCommand.self, DiffCommand.self, RestoreCommand.self, ExportCommand.self,
            FeedbackCommand.self, RehearseCommand.self, InstallCommand.self,
        ]
    )

    @OptionGroup var options: StoreOptions

    public init() {}

    /// No subcommand: the REPL, with readline on a terminal and plain lines from a pipe.
    public func run() throws {
        let workspace = options.workspace()
        let interactive = isatty(STDIN_FILENO) == 1
        let reader: LineReader =
            interactive ? ReadlineReader(historyPath: workspace.historyPath) : StdinReader()
        let repl = Repl(
            workspace: workspace, reader: reader,
            output: {
                print($0)
                fflush(nil)
            },
            errorOutput: {
                fflush(nil)
                FileHandle.standardError.write(Data(($0 + "\n").utf8))
            })
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }
}

extension Terminal.ColorChoice: ExpressibleByArgument {}

/// The process entry: parse, run, and turn every failure into one line and an exit code.
public enum PitchCoachApp {
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var command = try PitchCoachCommand.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch let error as CLIError {
            printError(error.message)
            exit(error.exitCode)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            if PitchCoachCommand.exitCode(for: error) == .success {
                print(PitchCoachCommand.fullMessage(for: error))
                exit(0)
            }
            // A verb of the drafting REPL alone ("why no-blame") is named as one, with where to type it.
            if let first = arguments.first, !commandNames.contains(first),
                let verb = Repl.verbs.first(where: { $0.name == first && $0.shared == nil })
            {
                printError(
                    "'\(first)' is a command of the drafting REPL: run 'pitchcoach' and type '\(verb.usage)' at its "
                        + "prompt (see 'pitchcoach --help')")
                exit(2)
            }
            // A mistyped command ("scor draft.txt") is named as one, not as "2 unexpected arguments".
            if let first = arguments.first, !first.hasPrefix("-"), !commandNames.contains(first),
                let nearest = commandNames.min(by: { editDistance($0, first) < editDistance($1, first) })
            {
                printError("unknown command '\(first)' — did you mean '\(nearest)'? (see 'pitchcoach --help')")
                exit(2)
            }
            // A usage error in one line, as the README promises: the message, not the help and usage after it.
            let message = PitchCoachCommand.message(for: error)
            printError((message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message) + helpHint(arguments))
            exit(2)
        }
    }

    /// The command-line commands by name (`score`, `new`, …).
    static let commandNames = PitchCoachCommand.configuration.subcommands.map { $0._commandName }

    /// Where the options of the command that was meant are listed: "see 'pitchcoach score --help'".
    static func helpHint(_ arguments: [String]) -> String {
        let command =
            arguments.first { !$0.hasPrefix("-") }.flatMap { commandNames.contains($0) ? " " + $0 : nil } ?? ""
        return " (see 'pitchcoach\(command) --help')"
    }

    /// Every error goes out this way: one line, its controls shown, an echoed value cut short.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("pitchcoach: \(CLIError.printable(message))\n".utf8))
    }
}
