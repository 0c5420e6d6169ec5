import Foundation

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
        var attributes: posix_spawnattr_t = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The editor gets the default action for the signals the REPL catches or ignores.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGPIPE, SIGTTOU, SIGTTIN, SIGTSTP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ["/bin/sh", "-c", command, "sh"] + arguments
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArgs { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", nil, &attributes, &cArgs, environ)
        guard spawned == 0 else { throw CLIError("could not start the editor: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
