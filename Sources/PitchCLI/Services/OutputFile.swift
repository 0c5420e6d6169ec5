import Foundation

/// A file the user names for output (`export --out`). What is there already is looked at first, by what
/// the file is, not by how its name is spelt: the pitch store (or its -wal, -shm, -journal) and any other
/// SQLite database are never written over, even with --force; --force replaces only a regular file, never a
/// FIFO, a device, a folder or a symbolic link. The text is written whole or not at all (a temporary file
/// in the same folder, synced, then renamed), and a replaced file keeps its mode; a new one is private (0600).
enum OutputFile {
    static func check(_ path: String, force: Bool, store: String) throws {
        guard !path.isEmpty else { throw CLIError("--out is empty: give the file to write") }
        var status = stat()
        // lstat, not fileExists: a symbolic link that points nowhere is still something not to overwrite.
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return }
            throw CLIError("\(path): cannot look at it (\(String(cString: strerror(errno))))")
        }
        if isStore(status, store: store) {
            throw CLIError(
                """
                \(path): is the pitch store (\(store)); writing there would destroy every pitch, so nothing was written
                """
            )
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw CLIError("\(path): is a folder; give --out a file name (e.g. \(path)/pitch.eml)")
        case S_IFLNK: throw CLIError("\(path): is a symbolic link; give --out the file itself, nothing was written")
        default: throw CLIError("\(path): is not a regular file (a FIFO, socket or device); nothing was written")
        }
        if startsAsSQLite(path) {
            throw CLIError("\(path): is an SQLite database; nothing was written (choose another --out)")
        }
        if !force {
            throw CLIError("\(path): already exists; pass --force to overwrite it or --out to choose another file")
        }
    }

    static func write(_ text: String, to path: String, force: Bool, store: String) throws {
        try check(path, force: force, store: store)
        var status = stat()
        let mode = lstat(path, &status) == 0 ? mode_t(status.st_mode & 0o7777) : 0o600
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
            .path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw CLIError("\(path): cannot write (\(String(cString: strerror(errno))))") }
        fchmod(fd, mode) // the umask would otherwise narrow or change it
        let bytes = Array(text.utf8)
        var written = 0
        var failure: Int32 = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            written += n
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        guard failure == 0 else {
            unlink(temporary)
            throw CLIError("\(path): cannot write (\(String(cString: strerror(failure)))); nothing was changed")
        }
        // Without --force the name must still be free: link() fails if a file appeared since the check.
        let placed = force ? rename(temporary, path) : link(temporary, path)
        let reason = errno
        if !force || placed != 0 { unlink(temporary) }
        guard placed == 0 else {
            if reason == EEXIST {
                throw CLIError("\(path): already exists; pass --force to overwrite it or --out to choose another file")
            }
            throw CLIError("\(path): cannot write (\(String(cString: strerror(reason))))")
        }
    }

    /// The same file as the store or one of SQLite's files beside it (device and inode, so "./s.db",
    /// "../x/s.db" and a hard link all count).
    static func isStore(_ status: stat, store: String) -> Bool {
        for candidate in [store, store + "-wal", store + "-shm", store + "-journal"] {
            var other = stat()
            if stat(candidate, &other) == 0 && other.st_dev == status.st_dev && other.st_ino == status.st_ino {
                return true
            }
        }
        return false
    }

    static func startsAsSQLite(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        return head == Data("SQLite format 3\0".utf8)
    }
}
