import Foundation

/// A program started with `posix_spawn`: the one way PitchCoach, its tests and its benchmark start a child that
/// must share the terminal (an editor), run in a process group of its own (sendmail, so a timeout ends it and
/// every child it started) or be reaped with `waitpid`. Foundation's `Process` does none of these: it starts its
/// child in a new group (an editor is stopped by SIGTTIN), on Linux it learns of an exit through a descriptor
/// that a daemon child inherits (a test that starts tmux would never see it end), and its `waitUntilExit`
/// polls a run loop (~50 ms a run, which a benchmark would measure).
public struct ChildProcess: Sendable {
    public let pid: pid_t

    /// Where one of the child's standard streams comes from or goes.
    public enum Stream: Sendable {
        /// Ours.
        case inherited
        /// /dev/null, opened for reading as standard input, for writing as output.
        case nullDevice
        case readingFile(String)
        /// Created or emptied, readable by this user only.
        case writingFile(String)
        /// An open descriptor of ours (a pipe's end).
        case descriptor(Int32)
    }

    /// Why a program could not be started: `posix_spawn`'s error, said as `strerror` says it.
    public struct SpawnError: Error, CustomStringConvertible {
        public let code: Int32
        public var description: String { String(cString: strerror(code)) }
    }

    /// How a child ended.
    public struct Termination: Sendable {
        /// The status as `waitpid` gives it.
        public let rawStatus: Int32
        /// The signal that ended it, or nil when it exited.
        public var signal: Int32? { rawStatus & 0x7F == 0 ? nil : rawStatus & 0x7F }
        /// Its exit status (0 when a signal ended it).
        public var exitStatus: Int32 { (rawStatus >> 8) & 0xFF }
        /// The exit status, or 128 + the signal that ended it, as a shell reports it.
        public var shellStatus: Int32 { signal.map { 128 + $0 } ?? exitStatus }
    }

    /// Starts `path` (argv[0] is the path itself) with `arguments`, in our environment unless one is given.
    ///
    /// - Parameters:
    ///   - closing: descriptors of ours the child must not keep (the other ends of its pipes), closed after the
    ///     streams are in place.
    ///   - ownProcessGroup: a group of its own, so `stop(group: true)` reaches every process it starts.
    ///   - defaultSignals: signals the child takes with their default action, whatever we ignore or catch.
    ///   - unblockingSignals: an empty signal mask for the child, whatever ours blocks.
    public static func spawn(
        _ path: String, _ arguments: [String], environment: [String: String]? = nil,
        stdin: Stream = .inherited, stdout: Stream = .inherited, stderr: Stream = .inherited,
        closing: [Int32] = [], ownProcessGroup: Bool = false, defaultSignals: [Int32] = [],
        unblockingSignals: Bool = false
    ) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch stream {
            case .inherited: break
            case .nullDevice:
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
            case .readingFile(let file): posix_spawn_file_actions_addopen(&actions, fd, file, O_RDONLY, 0)
            case .writingFile(let file):
                posix_spawn_file_actions_addopen(&actions, fd, file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            case .descriptor(let ours): posix_spawn_file_actions_adddup2(&actions, ours, fd)
            }
        }
        for fd in closing { posix_spawn_file_actions_addclose(&actions, fd) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags: Int32 = 0
        if ownProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
        }
        if !defaultSignals.isEmpty {
            var defaults = sigset_t()
            sigemptyset(&defaults)
            for signal in defaultSignals { sigaddset(&defaults, signal) }
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            flags |= Int32(POSIX_SPAWN_SETSIGDEF)
        }
        if unblockingSignals {
            var empty = sigset_t()
            sigemptyset(&empty)
            posix_spawnattr_setsigmask(&attributes, &empty)
            flags |= Int32(POSIX_SPAWN_SETSIGMASK)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned: Int32
        if let environment {
            let env = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { for pointer in env { free(pointer) } }
            spawned = posix_spawn(&pid, path, &actions, &attributes, argv, env)
        } else {
            spawned = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        }
        guard spawned == 0 else { throw SpawnError(code: spawned) }
        return ChildProcess(pid: pid)
    }

    /// Waits for the child to end (through signals that interrupt the wait) and says how it ended, with the
    /// resources it used.
    @discardableResult
    public func wait() -> (termination: Termination, usage: rusage) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return (Termination(rawStatus: status), usage)
    }

    /// How the child ended, or nil while it runs.
    public func ended() -> Termination? {
        var status: Int32 = 0
        // -1 (it is no longer ours to wait for) counts as ended: a caller's loop must not wait for it forever.
        return waitpid(pid, &status, WNOHANG) == 0 ? nil : Termination(rawStatus: status)
    }

    /// Ends the child that outlived its time: SIGTERM, `grace` seconds to go, then SIGKILL. With `group`, both
    /// go to its process group, and SIGKILL goes even when the child itself has ended, to the children it left.
    @discardableResult
    public func stop(group: Bool = false, grace: TimeInterval) -> Termination {
        let target = group ? -pid : pid
        kill(target, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        var termination = ended()
        while termination == nil && Date() < deadline {
            usleep(20_000)
            termination = ended()
        }
        if group || termination == nil { kill(target, SIGKILL) }
        return termination ?? wait().termination
    }
}
