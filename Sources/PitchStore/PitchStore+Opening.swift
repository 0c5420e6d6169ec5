import Foundation
import GRDB

/// Opening safely: what is checked before SQLite may touch a path, so that a wrong path, another program's
/// database or a damaged file is refused in words and left exactly as it was found.
extension PitchStore {
    static let sqliteMagic = Data("SQLite format 3\0".utf8)

    static func createParentFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            if !isFolder.boolValue {
                throw StoreError.unavailable(path: path, reason: "\(folder) is a file, not a folder")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.unavailable(path: path, reason: "cannot create the folder \(folder)")
        }
    }

    /// False when the file is absent or empty (SQLite makes a new database there); true when it
    /// starts like an SQLite database; `.notADatabase` for anything else.
    static func hasContent(_ path: String) throws -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return false }
        if isFolder.boolValue { throw StoreError.unavailable(path: path, reason: "it is a folder") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.unavailable(path: path, reason: "cannot read it (permission denied?)")
        }
        defer { try? handle.close() }
        let head: Data
        do { head = try handle.read(upToCount: 100) ?? Data() } catch {
            throw StoreError.unavailable(path: path, reason: "cannot read it")
        }
        if head.isEmpty { return false }
        guard head.count == 100, head.starts(with: sqliteMagic) else { throw StoreError.notADatabase(path: path) }
        return true
    }

    /// Opens the file read-only and runs `quick_check`, so that a damaged database is refused
    /// before the read-write open (which switches on WAL) could write to it.
    /// Returns which of our migrations the store has.
    static func checkSoundness(_ path: String, busyTimeout: TimeInterval) throws -> Schema.State {
        let sidecars = [path + "-wal", path + "-shm"].filter { !FileManager.default.fileExists(atPath: $0) }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "PitchStore.check"
        do {
            let (result, isOurs, state) = try retryingWhenBusy(path: path, within: busyTimeout) {
                () throws -> ([String], Bool, Schema.State) in
                let queue = try openReadOnly(path: path, configuration: config)
                defer { try? queue.close() }
                return try queue.read { db in
                    (
                        try String.fetchAll(db, sql: "PRAGMA quick_check"), try isPitchCoachStore(db),
                        try Schema.state(db)
                    )
                }
            }
            guard result == ["ok"], isOurs else { throw StoreError.notADatabase(path: path) }
            return state
        } catch let error as StoreError {
            if case .notADatabase = error {
                // Leave the folder as we found it: remove WAL files the check itself created.
                for sidecar in sidecars { try? FileManager.default.removeItem(atPath: sidecar) }
            }
            throw error
        }
    }
}

extension PitchStore {
    /// A read-only connection. When this user cannot write the folder and SQLite finds no -shm file to share,
    /// the ordinary read-only open fails ("attempt to write a readonly database"); nobody can be writing such a
    /// store then, so it is opened as immutable (no locks, no -shm) instead.
    static func openReadOnly(path: String, configuration: Configuration) throws -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError where [.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode) {
            let folder = (path as NSString).deletingLastPathComponent
            guard access(folder.isEmpty ? "." : folder, W_OK) != 0 else { throw error }
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove(charactersIn: "?#%")
            let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
            // The system SQLite understands URI file names (SQLITE_USE_URI).
            let queue = try DatabaseQueue(path: "file:\(encoded)?immutable=1", configuration: configuration)
            _ = try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return queue
        }
    }

    /// Refuses clearly what SQLite would answer with a puzzle ("could not activate WAL Mode", "no such file").
    static func checkPath(_ path: String) throws {
        guard !path.isEmpty else {
            throw StoreError.unusable("the store path is empty; give a file with --store PATH or PITCHCOACH_STORE")
        }
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, stat(path, &info) != 0 {
            if errno == ELOOP {
                throw StoreError.unavailable(
                    path: path,
                    reason: "it is a symlink loop (a link that leads back to itself)")
            }
            // A link to nowhere is not replaced by a new store: the file it names may be on a disk not mounted yet.
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            throw StoreError.unavailable(
                path: path,
                reason: "it is a symbolic link to \(target), which does not "
                    + "exist; create the store there or point --store at another file")
        }
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw StoreError.unavailable(path: path, reason: "it is a folder, not a store file")
        }
        // A FIFO or a device would block the first read, or never be a database: refused before it is opened.
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            let kind = (info.st_mode & S_IFMT) == S_IFIFO ? "a named pipe (FIFO)" : "not a regular file"
            throw StoreError.unavailable(path: path, reason: "it is \(kind), not a store file")
        }
    }

    /// Says "read-only" in words before SQLite would fail half-way through opening for writing.
    static func requireWritable(_ path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if access(path, W_OK) != 0 {
            throw StoreError.unavailable(
                path: path,
                reason: "the store is read-only (this user cannot write the file); "
                    + "commands that only read still work")
        }
        if access(folder.isEmpty ? "." : folder, W_OK) != 0 {
            throw StoreError.unavailable(
                path: path,
                reason: "the store is read-only (this user cannot write its "
                    + "folder, where SQLite keeps the -wal file); commands that only read still work")
        }
    }

    static func seconds(_ interval: TimeInterval) -> String {
        interval == interval.rounded() ? String(Int(interval)) : String(format: "%.1f", interval)
    }

    /// Another program's SQLite database must not receive our tables: a store is ours when it is
    /// still blank, or when it has GRDB's migration table with our migrations (or none yet, while
    /// another process is creating it).
    static func isPitchCoachStore(_ db: Database) throws -> Bool {
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if tables.isEmpty { return true }
        guard tables.contains("grdb_migrations") else { return false }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        return applied.isEmpty || applied.contains("v1")
    }
}
