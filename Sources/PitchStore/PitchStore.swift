import Foundation
import GRDB
import PitchCore

/// Every pitch, version, draft, feedback, export, prep answer and rehearsal, in one SQLite file.
///
/// Several processes may use the same file at once: writes are IMMEDIATE transactions in WAL mode,
/// so they queue behind each other (busy timeout) instead of failing, and version numbers are
/// allocated inside the transaction that inserts the version.
public final class PitchStore: @unchecked Sendable {
    public let path: String
    /// A read-only connection: reads never take the write lock, so they answer at once while another
    /// process holds a write transaction, and they work on a store this user cannot write.
    private let reader: DatabaseQueue
    /// Opened on the first write only (opening a pool in WAL mode may itself write); guarded by `writerLock`.
    private var writerPool: DatabasePool?
    private let writerLock = NSLock()
    /// Applied migrations this build does not know; writing then could break the newer build's data.
    private let newerSchema: Int?
    private let busyTimeout: TimeInterval

    public static let defaultBusyTimeout: TimeInterval = 10

    public convenience init(path: String) throws {
        try self.init(path: path, busyTimeout: Self.defaultBusyTimeout)
    }

    /// Opens (creating when absent) the store at `path`. A file that is not a sound SQLite
    /// database is refused with `.notADatabase` before anything could write to it. Nothing is written
    /// at open unless the store is new or lacks migrations, so reads never wait for another writer.
    public init(path: String, busyTimeout: TimeInterval) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        try Self.checkPath(path)
        var state = Schema.State.blank
        let hasContent = try Self.hasContent(path)
        if hasContent {
            state = try Self.checkSoundness(path, busyTimeout: busyTimeout)
        }
        if state.needsMigration {
            try Self.createParentFolder(of: path)
            // A pitch about leaving a team is private: a new store is made readable by its owner alone (SQLite
            // gives its -wal and -shm files the database file's mode).
            // O_EXCL: made only if no one has made it meanwhile. (`FileManager.createFile` writes by renaming a
            // temporary file over the path: a store another process created and saved into a moment ago was
            // replaced by an empty file, and its versions lost.)
            let made = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if made >= 0 {
                close(made)
            } else if !hasContent {
                // An empty file made beforehand (`touch`) becomes the store: private too.
                chmod(path, 0o600)
            }
            try Self.requireWritable(path)
            let pool = try Self.openWriter(path: path, busyTimeout: busyTimeout)
            do { try Self.migrate(pool, path: path, busyTimeout: busyTimeout) } catch {
                throw Self.storeError(error, path: path, busyTimeout: busyTimeout)
            }
            writerPool = pool
        }
        newerSchema = state.newer
        var config = Configuration()
        // Reads never write, but a connection that may write is the one SQLite lets tidy up: the last one to
        // close a WAL store removes its -wal and -shm files. Only a store this user cannot write is opened
        // read-only (it would otherwise leave them behind after every read).
        let folder = (path as NSString).deletingLastPathComponent
        config.readonly = access(path, W_OK) != 0 || access(folder.isEmpty ? "." : folder, W_OK) != 0
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "PitchStore.reader"
        do {
            reader = try Self.retryingWhenBusy(path: path, within: busyTimeout) {
                try Self.openReadOnly(path: path, configuration: config)
            }
        } catch {
            throw Self.storeError(error, path: path, busyTimeout: busyTimeout)
        }
    }

    private static func openWriter(path: String, busyTimeout: TimeInterval) throws -> DatabasePool {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "PitchStore"
        let pool = try retryingWhenBusy(path: path, within: busyTimeout) {
            try DatabasePool(path: path, configuration: config)
        }
        do {
            // GRDB picks NORMAL for WAL; FULL also survives a power cut, which the
            // per-line working draft promises, at the price of one fsync per commit.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
            throw storeError(error, path: path, busyTimeout: busyTimeout)
        }
        return pool
    }

    /// Refused (`StoreError`) when this store cannot be written: a command that writes a file and then the
    /// store asks first, so that it writes nothing on failure.
    public func requireWritable() throws { _ = try writer() }

    /// The pool for writes, opened on first use; refused for a store of a newer schema or one we cannot write.
    private func writer() throws -> DatabasePool {
        writerLock.lock()
        defer { writerLock.unlock() }
        if let writerPool { return writerPool }
        if let newerSchema {
            throw StoreError.unavailable(
                path: path,
                reason: "the store was made by schema version \(newerSchema); "
                    + "this pitchcoach knows up to \(Schema.version), so it only reads it (upgrade pitchcoach to change it)"
            )
        }
        try Self.requireWritable(path)
        let pool = try Self.openWriter(path: path, busyTimeout: busyTimeout)
        writerPool = pool
        return pool
    }

    private static func migrate(_ pool: DatabasePool, path: String, busyTimeout: TimeInterval) throws {
        let migrator = Schema.migrator
        if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
        // Two processes creating the store at once may both try a migration; the loser's
        // transaction rolls back and the retry finds it applied.
        try retryingWhenBusy(path: path, within: busyTimeout, attempts: 4, retryAnyError: true) {
            try migrator.migrate(pool)
        }
    }
}

// MARK: - Access helpers

extension PitchStore {
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try reader.read(body) } catch { throw Self.storeError(error, path: path, busyTimeout: busyTimeout) }
    }

    /// The pitch's rows of `table` as records, in `order`: every listing of what belongs to one pitch.
    /// (`table` and `order` are always this module's own constants.)
    func records<Record: FetchableRecord>(of name: String, in table: String, orderedBy order: String) throws
        -> [Record]
    {
        try read { db in
            let pitch = try Self.pitch(db, named: name)
            return try Record.fetchAll(
                db, sql: "SELECT * FROM \(table) WHERE pitch_id = ? ORDER BY \(order)", arguments: [pitch.id])
        }
    }

    /// One IMMEDIATE transaction: it takes the write lock up front, so a read inside it (such as
    /// MAX(number)) can never be overtaken by another process's commit.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        let pool = try writer()
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else {
                    throw StoreError.unavailable(path: path, reason: "transaction ended without a result")
                }
                return result
            }
        } catch {
            throw Self.storeError(error, path: path, busyTimeout: busyTimeout)
        }
    }

    static func storeError(_ error: Error, path: String, busyTimeout: TimeInterval) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return .notADatabase(path: path)
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return .unavailable(
                    path: path,
                    reason: "the store is busy: another pitchcoach is writing and kept it "
                        + "locked; waited \(seconds(busyTimeout)) s")
            case .SQLITE_FULL:
                return .unavailable(path: path, reason: "the disk is full")
            case .SQLITE_READONLY:
                return .unavailable(path: path, reason: "the store is read-only; commands that only read still work")
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
                return .unavailable(path: path, reason: "cannot open it (\(error.message ?? "permission denied"))")
            default:
                return .unavailable(path: path, reason: error.message ?? "\(error)")
            }
        }
        return .unavailable(path: path, reason: "\(error)")
    }

    @discardableResult
    static func retryingWhenBusy<T>(
        path: String, within busyTimeout: TimeInterval = defaultBusyTimeout,
        attempts: Int = 6, retryAnyError: Bool = false,
        _ body: () throws -> T
    ) throws -> T {
        var attempt = 1
        let start = Date()
        while true {
            do { return try body() } catch {
                let busy =
                    (error as? DatabaseError).map { [.SQLITE_BUSY, .SQLITE_LOCKED].contains($0.resultCode) } ?? false
                // Each try may already have waited the whole busy timeout: retrying then would turn the
                // stated wait into several times that.
                let spent = Date().timeIntervalSince(start) >= busyTimeout
                guard attempt < attempts, busy || retryAnyError, !spent else {
                    throw storeError(error, path: path, busyTimeout: busyTimeout)
                }
                // A busy error that escapes the busy handler comes from a stale WAL snapshot
                // (another process committed between our read and our write); a fresh try succeeds.
                Thread.sleep(forTimeInterval: 0.02 * Double(attempt))
                attempt += 1
            }
        }
    }

    // MARK: - Stored values

    /// JSON columns (snapshots, recipients) keep their keys sorted and write infinities and NaN as strings.
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Reads JSON columns as `encode` writes them.
    static func jsonDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}

/// Dates kept to the millisecond, so that what a method returns equals what a later read gives back.
enum Stamp {
    static func now() -> Date { normalized(Date()) }

    static func normalized(_ date: Date) -> Date { self.date(stored(date)) }

    static func stored(_ date: Date) -> Double { (date.timeIntervalSince1970 * 1000).rounded() / 1000 }

    static func date(_ stored: Double) -> Date { Date(timeIntervalSince1970: stored) }
}
