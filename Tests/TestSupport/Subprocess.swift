import Foundation
import Spawning

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
/// Built on `ChildProcess` (posix_spawn, waitpid), with output in temporary files, because a program that
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

        // The child's working folder is set by `env -C` (glibc's addchdir_np isn't visible to Swift here).
        let command = directory.map { ["/usr/bin/env", "-C", $0.path, executable] } ?? [executable]
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                command[0], Array(command.dropFirst()) + arguments, environment: environment,
                stdin: .readingFile(inPath), stdout: .writingFile(outPath), stderr: .writingFile(errPath))
        } catch {
            throw NSError(
                domain: "Subprocess", code: Int((error as? ChildProcess.SpawnError)?.code ?? 0),
                userInfo: [NSLocalizedDescriptionKey: "cannot run \(executable): \(error)"])
        }
        let (status, timedOut) = wait(for: child, timeout: timeout)
        return RunResult(
            status: status,
            stdout: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(),
            stderr: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data(), as: UTF8.self),
            timedOut: timedOut)
    }

    /// Reaps the child, stopping it (SIGTERM, then SIGKILL) once `timeout` has passed. The status is the
    /// exit code, or 128 + the signal that ended it, as a shell reports it.
    private static func wait(for child: ChildProcess, timeout: TimeInterval) -> (status: Int32, timedOut: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let termination = child.ended() { return (termination.shellStatus, false) }
            usleep(2_000)
        }
        return (child.stop(grace: 0.5).shellStatus, true)
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
