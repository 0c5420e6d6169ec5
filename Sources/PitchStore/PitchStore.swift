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

    // MARK: - Pitches

    public func createPitch(name: String, title: String?) throws -> Pitch {
        // "café" typed with a precomposed é or with e + combining accent is one name: stored and looked up in NFC.
        let name = name.precomposedStringWithCanonicalMapping
        guard Self.isValidName(name) else { throw StoreError.invalidName(name) }
        return try write { db in
            if try Bool.fetchOne(
                db, sql: "SELECT 1 FROM pitch WHERE name IN (?, ?)",
                arguments: [name, name.decomposedStringWithCanonicalMapping]) == true
            {
                throw StoreError.pitchExists(name)
            }
            let now = Stamp.now()
            let title = title ?? name
            try db.execute(
                sql: "INSERT INTO pitch (name, title, created_at) VALUES (?, ?, ?)",
                arguments: [name, title, Stamp.stored(now)])
            return Pitch(id: db.lastInsertedRowID, name: name, title: title, createdAt: now)
        }
    }

    /// Letters, digits, `-`, `_`, `.`; 1–64 characters; starts with a letter or digit
    /// (so a name never reads as an option or a hidden file, and `NAME@N` stays unambiguous).
    public static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.count), let first = name.unicodeScalars.first else { return false }
        let allowed = CharacterSet.letters.union(.decimalDigits).union(CharacterSet(charactersIn: "-_."))
        let leading = CharacterSet.letters.union(.decimalDigits)
        return leading.contains(first) && name.unicodeScalars.allSatisfy { allowed.contains($0) }
    }

    public func pitch(named name: String) throws -> Pitch {
        try read { db in try Self.pitch(db, named: name) }
    }

    public func pitchNames() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT name FROM pitch ORDER BY name") }
    }

    public func pitches() throws -> [PitchSummary] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.id, p.name, p.title, p.created_at,
                           (SELECT COUNT(*) FROM version WHERE pitch_id = p.id) AS version_count,
                           latest.overall AS latest_overall, latest.created_at AS latest_at
                    FROM pitch p
                    LEFT JOIN version latest ON latest.pitch_id = p.id
                         AND latest.number = (SELECT MAX(number) FROM version WHERE pitch_id = p.id)
                    ORDER BY p.name
                    """)
            return rows.map { row in
                PitchSummary(
                    pitch: Self.pitch(from: row), versionCount: row["version_count"],
                    latestOverall: row["latest_overall"],
                    updatedAt: (row["latest_at"] as Double?).map(Stamp.date))
            }
        }
    }

    // MARK: - Versions

    @discardableResult
    public func saveVersion(pitch name: String, text: String, note: String?, snapshot: ScoreSnapshot) throws
        -> DraftVersion
    {
        try saveVersion(pitch: name, text: text, note: note, snapshot: snapshot, clearingDraftRevision: nil)
    }

    /// Saves a version and, in the same transaction, clears the working draft if it is still at
    /// `clearingDraftRevision` (a draft another session changed meanwhile is left alone).
    @discardableResult
    public func saveVersion(
        pitch name: String, text: String, note: String?, snapshot: ScoreSnapshot,
        clearingDraftRevision: Int?
    ) throws -> DraftVersion {
        let snapshotJSON = try Self.encode(snapshot)
        return try write { db in
            let pitch = try Self.pitch(db, named: name)
            let number = try Self.latestNumber(db, pitchID: pitch.id).map { $0 + 1 } ?? 1
            let now = Stamp.now()
            try db.execute(
                sql: """
                    INSERT INTO version (pitch_id, number, text, note, created_at, overall, rubric_fingerprint, snapshot)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    pitch.id, number, Data(text.utf8), note, Stamp.stored(now),
                    snapshot.overall.isFinite ? snapshot.overall : 0,
                    snapshot.rubricFingerprint, snapshotJSON,
                ])
            if let revision = clearingDraftRevision {
                try db.execute(
                    sql: """
                        UPDATE working_draft SET text = NULL, revision = revision + 1, updated_at = ?
                        WHERE pitch_id = ? AND revision = ? AND text IS NOT NULL
                        """, arguments: [Stamp.stored(now), pitch.id, revision])
            }
            return DraftVersion(
                pitchID: pitch.id, number: number, text: text, note: note, createdAt: now,
                snapshot: snapshot, messageID: nil)
        }
    }

    /// All versions, oldest first, with their texts. `versionSummaries(of:)` is lighter for listings.
    public func versions(of name: String) throws -> [DraftVersion] {
        try read { db in
            let pitch = try Self.pitch(db, named: name)
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM version WHERE pitch_id = ? ORDER BY number",
                arguments: [pitch.id])
            return try rows.map(Self.version(from:))
        }
    }

    /// All versions, oldest first, without their texts.
    public func versionSummaries(of name: String) throws -> [VersionSummary] {
        try read { db in
            let pitch = try Self.pitch(db, named: name)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT pitch_id, number, note, created_at, snapshot, message_id, length(text) AS text_bytes
                    FROM version WHERE pitch_id = ? ORDER BY number
                    """, arguments: [pitch.id])
            return try rows.map { row in
                VersionSummary(
                    pitchID: row["pitch_id"], number: row["number"], note: row["note"],
                    createdAt: Stamp.date(row["created_at"]), snapshot: try Self.decodeSnapshot(row),
                    messageID: row["message_id"], textBytes: row["text_bytes"])
            }
        }
    }

    /// Version `number` of the pitch, or its latest when `number` is nil.
    public func version(of name: String, number: Int?) throws -> DraftVersion {
        try read { db in
            let pitch = try Self.pitch(db, named: name)
            let wanted: Int
            if let number {
                wanted = number
            } else {
                guard let latest = try Self.latestNumber(db, pitchID: pitch.id) else {
                    throw StoreError.unknownVersion(pitch: name, number: 0, known: nil)
                }
                wanted = latest
            }
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM version WHERE pitch_id = ? AND number = ?",
                    arguments: [pitch.id, wanted])
            else {
                throw try Self.unknownVersion(db, pitch: pitch, number: wanted)
            }
            return try Self.version(from: row)
        }
    }

    // MARK: - Working draft

    /// The unsaved draft of the pitch, nil when there is none.
    public func workingDraft(of name: String) throws -> WorkingDraft? {
        try read { db in
            let pitch = try Self.pitch(db, named: name)
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM working_draft WHERE pitch_id = ? AND text IS NOT NULL",
                    arguments: [pitch.id])
            else { return nil }
            return WorkingDraft(
                pitchID: pitch.id, text: Self.string(row["text"]), revision: row["revision"],
                updatedAt: Stamp.date(row["updated_at"]), baseVersion: row["base_version"])
        }
    }

    /// Replaces the working draft, provided it is still at `expectedRevision` (nil: provided there is none);
    /// otherwise throws `.draftConflict` and changes nothing.
    @discardableResult
    public func saveWorkingDraft(pitch name: String, text: String, expectedRevision: Int?) throws -> WorkingDraft {
        try writeDraft(pitch: name, text: text, force: false, expectedRevision: expectedRevision)
    }

    /// With `force`, replaces whatever draft there is; without, behaves as `expectedRevision: nil`.
    @discardableResult
    public func saveWorkingDraft(pitch name: String, text: String, force: Bool) throws -> WorkingDraft {
        try writeDraft(pitch: name, text: text, force: force, expectedRevision: nil)
    }

    private func writeDraft(pitch name: String, text: String, force: Bool, expectedRevision: Int?) throws
        -> WorkingDraft
    {
        try write { db in
            let pitch = try Self.pitch(db, named: name)
            let row = try Row.fetchOne(
                db,
                sql: "SELECT text IS NOT NULL AS live, revision, base_version FROM working_draft WHERE pitch_id = ?",
                arguments: [pitch.id])
            let lastRevision: Int = row?["revision"] ?? 0
            let liveRevision: Int? = (row?["live"] as Bool?) == true ? lastRevision : nil
            if !force && liveRevision != expectedRevision { throw StoreError.draftConflict(pitch: name) }
            let baseVersion: Int? =
                liveRevision != nil ? row?["base_version"] : try Self.latestNumber(db, pitchID: pitch.id)
            let now = Stamp.now()
            // The revision keeps counting across clears, so a revision number is never handed out twice.
            try db.execute(
                sql: """
                    INSERT INTO working_draft (pitch_id, text, revision, updated_at, base_version) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (pitch_id) DO UPDATE SET text = excluded.text, revision = excluded.revision,
                        updated_at = excluded.updated_at, base_version = excluded.base_version
                    """, arguments: [pitch.id, Data(text.utf8), lastRevision + 1, Stamp.stored(now), baseVersion])
            return WorkingDraft(
                pitchID: pitch.id, text: text, revision: lastRevision + 1, updatedAt: now, baseVersion: baseVersion)
        }
    }

    /// Drops the working draft, whatever its revision.
    public func clearWorkingDraft(pitch name: String) throws {
        try clearWorkingDraft(pitch: name, expectedRevision: nil)
    }

    /// Drops the working draft; with `expectedRevision`, only if it is still at that revision
    /// (otherwise `.draftConflict`, so another session's newer text is not thrown away).
    public func clearWorkingDraft(pitch name: String, expectedRevision: Int?) throws {
        try write { db in
            let pitch = try Self.pitch(db, named: name)
            if let expectedRevision {
                let live = try Int.fetchOne(
                    db, sql: "SELECT revision FROM working_draft WHERE pitch_id = ? AND text IS NOT NULL",
                    arguments: [pitch.id])
                if let live, live != expectedRevision { throw StoreError.draftConflict(pitch: name) }
            }
            try db.execute(
                sql: """
                    UPDATE working_draft SET text = NULL, revision = revision + 1, updated_at = ?
                    WHERE pitch_id = ? AND text IS NOT NULL
                    """, arguments: [Stamp.stored(Stamp.now()), pitch.id])
        }
    }

    // MARK: - Mentor feedback

    /// Attaches a mentor's words to a version. Importing the same reply twice keeps one copy;
    /// returns false when it was already there.
    @discardableResult
    /// Adds a mentor's feedback; false when it is there already. `date` nil (a reply without a `Date:` header) is
    /// stamped now, and then the same words from the same sender on the same version are one reply, whenever
    /// imported: a date that defaults to now must not make the second import of one reply look new.
    public func addFeedback(
        pitch name: String, versionNumber: Int, from: String, date: Date?,
        text: String
    ) throws -> Bool {
        try write { db in
            let pitch = try Self.pitch(db, named: name)
            try Self.requireVersion(db, pitch: pitch, number: versionNumber)
            if date == nil,
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM feedback
                                       WHERE pitch_id = ? AND version_number = ? AND from_name = ? AND text = ?)
                        """, arguments: [pitch.id, versionNumber, from, text]) == true
            {
                return false
            }
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO feedback (pitch_id, version_number, from_name, date, text, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    pitch.id, versionNumber, from, Stamp.stored(date ?? Stamp.now()), text,
                    Stamp.stored(Stamp.now()),
                ])
            return db.changesCount > 0
        }
    }

    /// Oldest version first; within a version, by the mentor's date.
    public func feedback(of name: String) throws -> [MentorFeedback] {
        try read { db in
            let pitch = try Self.pitch(db, named: name)
            return try Row.fetchAll(
                db, sql: "SELECT * FROM feedback WHERE pitch_id = ? ORDER BY version_number, date, id",
                arguments: [pitch.id]
            ).map { row in
                MentorFeedback(
                    versionNumber: row["version_number"], from: row["from_name"], date: Stamp.date(row["date"]),
                    text: row["text"], importedAt: Stamp.date(row["imported_at"]))
            }
        }
    }

    // MARK: - Exports

    /// Records that a version was exported as message `messageID` and makes it the version's Message-ID.
    public func recordExport(pitch name: String, versionNumber: Int, messageID: String, to: [String], sentAt: Date?)
        throws
    {
        let recipients = try Self.encode(to)
        try write { db in
            let pitch = try Self.pitch(db, named: name)
            try Self.requireVersion(db, pitch: pitch, number: versionNumber)
            try db.execute(
                sql: """
                    INSERT INTO export (pitch_id, version_number, message_id, recipients, exported_at, sent_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (message_id) DO UPDATE SET recipients = excluded.recipients,
                        sent_at = COALESCE(excluded.sent_at, export.sent_at)
                    """,
                arguments: [
                    pitch.id, versionNumber, messageID, recipients, Stamp.stored(Stamp.now()),
                    sentAt.map(Stamp.stored),
                ])
            try db.execute(
                sql: "UPDATE version SET message_id = ? WHERE pitch_id = ? AND number = ?",
                arguments: [messageID, pitch.id, versionNumber])
        }
    }

    /// Returns false when no export has that Message-ID.
    @discardableResult
    public func markSent(messageID: String, at date: Date) throws -> Bool {
        try updateExport(messageID, set: "sent_at = ?", Stamp.stored(date))
    }

    /// Records that sending export `messageID` failed, and why (one line), unless it was sent since.
    @discardableResult
    public func markSendFailed(messageID: String, reason: String) throws -> Bool {
        try updateExport(messageID, set: "send_failure = ?", reason, unlessSent: true)
    }

    /// Sets one column of the export with this Message-ID (angle brackets optional); false when there is none.
    private func updateExport(
        _ messageID: String, set assignment: String, _ value: DatabaseValueConvertible,
        unlessSent: Bool = false
    ) throws -> Bool {
        let variants = Self.messageIDVariants(messageID)
        return try write { db in
            try db.execute(
                sql: "UPDATE export SET \(assignment) WHERE \(unlessSent ? "sent_at IS NULL AND " : "")"
                    + "message_id IN (?, ?, ?)",
                arguments: StatementArguments([value] + variants.map { $0 as DatabaseValueConvertible }))
            return db.changesCount > 0
        }
    }

    public func exports(of name: String) throws -> [ExportRecord] {
        try read { db in
            let pitch = try Self.pitch(db, named: name)
            return try Row.fetchAll(
                db, sql: "SELECT * FROM export WHERE pitch_id = ? ORDER BY exported_at, id",
                arguments: [pitch.id]
            ).map { row in
                ExportRecord(
                    versionNumber: row["version_number"], messageID: row["message_id"],
                    to: try Self.decode([String].self, row["recipients"]),
                    exportedAt: Stamp.date(row["exported_at"]), sentAt: (row["sent_at"] as Double?).map(Stamp.date),
                    sendFailure: row["send_failure"])
            }
        }
    }

    /// The version a reply answers: the first of `ids` (In-Reply-To, then References newest first)
    /// that is the Message-ID of an export. Angle brackets are optional on either side.
    public func versionAnswered(byMessageIDs ids: [String]) throws -> (pitch: String, number: Int)? {
        try read { db in
            for id in ids {
                let variants = Self.messageIDVariants(id)
                if let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT p.name, e.version_number AS number FROM export e JOIN pitch p ON p.id = e.pitch_id
                        WHERE e.message_id IN (?, ?, ?)
                        UNION ALL
                        SELECT p.name, v.number FROM version v JOIN pitch p ON p.id = v.pitch_id
                        WHERE v.message_id IN (?, ?, ?)
                        LIMIT 1
                        """, arguments: StatementArguments(variants + variants))
                {
                    return (pitch: row["name"], number: row["number"])
                }
            }
            return nil
        }
    }

    private static func messageIDVariants(_ id: String) -> [String] {
        let trimmed = id.trimmingCharacters(in: .whitespacesAndNewlines)
        var bare = Substring(trimmed)
        if bare.hasPrefix("<") { bare = bare.dropFirst() }
        if bare.hasSuffix(">") { bare = bare.dropLast() }
        return [trimmed, String(bare), "<\(bare)>"]
    }

    // MARK: - Prep answers

    /// Sets (or replaces) the answer to one prep question.
    public func setPrepAnswer(pitch name: String, questionID: String, question: String, answer: String) throws {
        try write { db in
            let pitch = try Self.pitch(db, named: name)
            try db.execute(
                sql: """
                    INSERT INTO prep_answer (pitch_id, question_id, question, answer, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (pitch_id, question_id) DO UPDATE SET question = excluded.question,
                        answer = excluded.answer, updated_at = excluded.updated_at
                    """, arguments: [pitch.id, questionID, question, answer, Stamp.stored(Stamp.now())])
        }
    }

    /// In the order the questions were first answered.
    public func prepAnswers(of name: String) throws -> [PrepAnswer] {
        try read { db in
            let pitch = try Self.pitch(db, named: name)
            return try Row.fetchAll(
                db, sql: "SELECT * FROM prep_answer WHERE pitch_id = ? ORDER BY id",
                arguments: [pitch.id]
            ).map { row in
                PrepAnswer(
                    questionID: row["question_id"], question: row["question"], answer: row["answer"],
                    updatedAt: Stamp.date(row["updated_at"]))
            }
        }
    }

    // MARK: - Rehearsals

    public func addRehearsal(
        pitch name: String, objectionID: String, objection: String, answer: String,
        score: Double, versionNumber: Int?
    ) throws {
        try write { db in
            let pitch = try Self.pitch(db, named: name)
            try db.execute(
                sql: """
                    INSERT INTO rehearsal (pitch_id, objection_id, objection, answer, score, version_number, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    pitch.id, objectionID, objection, answer, score.isFinite ? score : 0,
                    versionNumber, Stamp.stored(Stamp.now()),
                ])
        }
    }

    /// Oldest first.
    public func rehearsals(of name: String) throws -> [Rehearsal] {
        try read { db in
            let pitch = try Self.pitch(db, named: name)
            return try Row.fetchAll(
                db, sql: "SELECT * FROM rehearsal WHERE pitch_id = ? ORDER BY id",
                arguments: [pitch.id]
            ).map { row in
                Rehearsal(
                    objectionID: row["objection_id"], objection: row["objection"], answer: row["answer"],
                    score: row["score"], versionNumber: row["version_number"], createdAt: Stamp.date(row["created_at"]))
            }
        }
    }

    // MARK: - Maintenance

    /// `PRAGMA integrity_check`: ["ok"] for a sound store.
    public func integrityCheck() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// Names of the tables the migrations made (for tests and diagnostics).
    public func tableNames() throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
    }
}

// MARK: - Access helpers

extension PitchStore {
    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try reader.read(body) } catch { throw Self.storeError(error, path: path, busyTimeout: busyTimeout) }
    }

    /// One IMMEDIATE transaction: it takes the write lock up front, so a read inside it (such as
    /// MAX(number)) can never be overtaken by another process's commit.
    private func write<T>(_ body: (Database) throws -> T) throws -> T {
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

    static func pitch(_ db: Database, named name: String) throws -> Pitch {
        let name = name.precomposedStringWithCanonicalMapping
        // A store written by an older build may hold a name in NFD; it is still found, the NFC row first.
        let decomposed = name.decomposedStringWithCanonicalMapping
        if let row = try Row.fetchOne(
            db, sql: "SELECT * FROM pitch WHERE name IN (?, ?) ORDER BY name = ? DESC LIMIT 1",
            arguments: [name, decomposed, name])
        {
            return pitch(from: row)
        }
        throw StoreError.unknownPitch(name, known: try String.fetchAll(db, sql: "SELECT name FROM pitch ORDER BY name"))
    }

    static func pitch(from row: Row) -> Pitch {
        Pitch(id: row["id"], name: row["name"], title: row["title"], createdAt: Stamp.date(row["created_at"]))
    }

    static func latestNumber(_ db: Database, pitchID: Int64) throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT MAX(number) FROM version WHERE pitch_id = ?", arguments: [pitchID])
    }

    static func unknownVersion(_ db: Database, pitch: Pitch, number: Int) throws -> StoreError {
        let row = try Row.fetchOne(
            db, sql: "SELECT MIN(number) AS low, MAX(number) AS high FROM version WHERE pitch_id = ?",
            arguments: [pitch.id])
        let known: ClosedRange<Int>?
        if let low = row?["low"] as Int?, let high = row?["high"] as Int? { known = low...high } else { known = nil }
        return .unknownVersion(pitch: pitch.name, number: number, known: known)
    }

    static func requireVersion(_ db: Database, pitch: Pitch, number: Int) throws {
        if try Bool.fetchOne(
            db, sql: "SELECT 1 FROM version WHERE pitch_id = ? AND number = ?",
            arguments: [pitch.id, number]) != true
        {
            throw try unknownVersion(db, pitch: pitch, number: number)
        }
    }

    static func version(from row: Row) throws -> DraftVersion {
        DraftVersion(
            pitchID: row["pitch_id"], number: row["number"], text: string(row["text"]), note: row["note"],
            createdAt: Stamp.date(row["created_at"]), snapshot: try decodeSnapshot(row), messageID: row["message_id"])
    }

    static func decodeSnapshot(_ row: Row) throws -> ScoreSnapshot {
        try decode(ScoreSnapshot.self, row["snapshot"])
    }

    /// Texts are stored as UTF-8 BLOBs; decoding valid UTF-8 gives back the very same bytes.
    static func string(_ data: Data?) -> String {
        String(decoding: data ?? Data(), as: UTF8.self)
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(type, from: Data(json.utf8))
    }
}

// MARK: - Opening safely

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

/// Dates kept to the millisecond, so that what a method returns equals what a later read gives back.
enum Stamp {
    static func now() -> Date { normalized(Date()) }

    static func normalized(_ date: Date) -> Date { self.date(stored(date)) }

    static func stored(_ date: Date) -> Double { (date.timeIntervalSince1970 * 1000).rounded() / 1000 }

    static func date(_ stored: Double) -> Date { Date(timeIntervalSince1970: stored) }
}
