import Foundation
import Spawning

/// Runs a program that takes over the terminal (an editor) and waits for it.
///
/// Foundation's `Process` starts its child in a process group of its own. A terminal lets only its
/// foreground group read, so vi, vim or nano started that way are stopped at once (SIGTTIN) and the screen
/// stays blank. posix_spawn without a new group keeps the editor in ours, the terminal's foreground group,
/// and it reads the keys; the REPL's readline has already given the terminal back its normal mode between
/// lines, so the editor finds it as a shell would leave it.
enum ForegroundProgram {
    /// `/bin/sh -c COMMAND sh ARGS…` (the command may carry its own arguments, as "code -w" does; the
    /// arguments are passed as $1…, never spliced into the command). Returns the exit status, or 128 + the
    /// signal that ended it.
    static func run(shellCommand command: String, arguments: [String]) throws -> Int32 {
        let editor: ChildProcess
        do {
            // The editor gets the default action for the signals the REPL catches or ignores, and none blocked.
            editor = try ChildProcess.spawn(
                "/bin/sh", ["-c", command, "sh"] + arguments,
                defaultSignals: [SIGINT, SIGPIPE, SIGTTOU, SIGTTIN, SIGTSTP, SIGQUIT], unblockingSignals: true)
        } catch { throw CLIError("could not start the editor: \(error)") }
        return editor.wait().termination.shellStatus
    }
}
