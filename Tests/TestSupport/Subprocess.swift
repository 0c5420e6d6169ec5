import Foundation

/// What a finished child program left behind.
public struct RunResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: String
    /// True when the program outlived its time limit and was killed.
    public var timedOut: Bool
    public var out: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs child programs from tests, always with a time limit, so a stuck child fails one test
/// instead of hanging the whole suite (and CI with it).
///
/// Built on `posix_spawn` and `waitpid`, with output in temporary files, because a program that
/// forks a daemon (tmux starts its server on the first `new-session`) hands the daemon every
/// descriptor it inherited: a pipe would then never reach end of file, and Foundation's `Process`,
/// which learns of an exit through such a descriptor on Linux, would never see the client exit.
public enum Subprocess {
    public static func run(
        _ executable: String, _ arguments: [String], stdin: Data? = nil,
        environment: [String: String]? = nil, directory: URL? = nil,
        timeout: TimeInterval = 60
    ) throws -> RunResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("subprocess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inPath = scratch.appendingPathComponent("in").path
        let outPath = scratch.appendingPathComponent("out").path
        let errPath = scratch.appendingPathComponent("err").path
        try (stdin ?? Data()).write(to: URL(fileURLWithPath: inPath))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The child's working folder is set by `env -C` (glibc's addchdir_np isn't visible to Swift here).
        let command = directory.map { ["/usr/bin/env", "-C", $0.path, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + env { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, env)
        guard spawned == 0 else {
            throw NSError(
                domain: "Subprocess", code: Int(spawned),
                userInfo: [NSLocalizedDescriptionKey: "cannot run \(executable): \(String(cString: strerror(spawned)))"]
            )
        }
        let (status, timedOut) = wait(for: pid, timeout: timeout)
        return RunResult(
            status: status,
            stdout: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(),
            stderr: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data(), as: UTF8.self),
            timedOut: timedOut)
    }

    /// Reaps `pid`, killing it (SIGTERM, then SIGKILL) once `timeout` has passed. The status is the
    /// exit code, or 128 + the signal that ended it, as a shell reports it.
    private static func wait(for pid: pid_t, timeout: TimeInterval) -> (status: Int32, timedOut: Bool) {
        var raw: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while waitpid(pid, &raw, WNOHANG) == 0 {
            if !timedOut && Date() >= deadline {
                timedOut = true
                kill(pid, SIGTERM)
                usleep(500_000)
                if waitpid(pid, &raw, WNOHANG) != 0 { break }
                kill(pid, SIGKILL)
                waitpid(pid, &raw, 0)
                break
            }
            usleep(2_000)
        }
        let signal = raw & 0x7f
        return (signal == 0 ? (raw >> 8) & 0xff : 128 + signal, timedOut)
    }

    /// Runs a program found on PATH (`tmux`, `python3`, `pkill`).
    public static func run(
        tool: String, _ arguments: [String], stdin: Data? = nil,
        timeout: TimeInterval = 60
    ) throws -> RunResult {
        try run("/usr/bin/env", [tool] + arguments, stdin: stdin, timeout: timeout)
    }

    /// Waits for a started process at most `timeout` seconds; past that it is sent SIGTERM, then
    /// SIGKILL, and the answer is false. Either way the process has exited when this returns.
    @discardableResult
    public static func waitForExit(_ process: Process, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        guard process.isRunning else {
            process.waitUntilExit()
            return true
        }
        process.terminate()
        let grace = Date().addingTimeInterval(2)
        while process.isRunning && Date() < grace { usleep(5_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return false
    }
}
