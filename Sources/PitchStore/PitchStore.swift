import Foundation
import GRDB
import PitchCore

/// Every pitch, version, working draft and mentor exchange, in one SQLite file (WAL mode).
/// Versions are only ever inserted, never updated: history cannot be rewritten by accident.
public final class PitchStore: Sendable {
    public let path: String
    private let pool: DatabasePool

    /// `PITCHCOACH_STORE`, else `$XDG_DATA_HOME/pitchcoach/pitchcoach.sqlite`, else under `$HOME/.local/share`.
    /// Reads the environment given, never the password database, so tests and users can redirect it.
    public static func defaultPath(environment: [String: String]) -> String {
        if let explicit = environment["PITCHCOACH_STORE"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/pitchcoach/pitchcoach.sqlite" }
        return (environment["HOME"] ?? "/tmp") + "/.local/share/pitchcoach/pitchcoach.sqlite"
    }

    public init(path: String) throws {
        self.path = path
        try Self.refuseForeignFile(at: path)
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            catch { throw StoreError.unavailable(path: path, reason: "cannot create the folder \(folder)") }
        }
        var config = Configuration()
        // Another process holding the write lock makes us wait, not fail.
        config.busyMode = .timeout(15)
        config.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: config)
            let check = try pool.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check") }
            guard check == "ok" else { throw StoreError.notADatabase(path: path) }
            try Self.migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw StoreError.notADatabase(path: path)
        } catch let error as DatabaseError {
            throw StoreError.unavailable(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// A non-empty file without the SQLite header is someone else's file: refuse before SQLite touches it.
    private static func refuseForeignFile(at path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if !header.isEmpty && header != Data("SQLite format 3\0".utf8) {
            throw StoreError.notADatabase(path: path)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
            CREATE TABLE pitch (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                created_at REAL NOT NULL);
            CREATE TABLE version (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pitch_id INTEGER NOT NULL REFERENCES pitch(id),
                number INTEGER NOT NULL,
                text BLOB NOT NULL,
                note TEXT,
                created_at REAL NOT NULL,
                overall REAL NOT NULL,
                snapshot TEXT NOT NULL,
                rubric_fingerprint TEXT NOT NULL,
                message_id TEXT,
                UNIQUE (pitch_id, number));
            CREATE TABLE working_draft (
                pitch_id INTEGER PRIMARY KEY REFERENCES pitch(id),
                text BLOB NOT NULL,
                revision INTEGER NOT NULL,
                updated_at REAL NOT NULL,
                base_version INTEGER);
            CREATE TABLE feedback (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pitch_id INTEGER NOT NULL REFERENCES pitch(id),
                version_number INTEGER NOT NULL,
                sender TEXT NOT NULL,
                date REAL NOT NULL,
                text TEXT NOT NULL,
                imported_at REAL NOT NULL);
            CREATE TABLE export (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pitch_id INTEGER NOT NULL REFERENCES pitch(id),
                version_number INTEGER NOT NULL,
                message_id TEXT NOT NULL UNIQUE,
                recipients TEXT NOT NULL,
                exported_at REAL NOT NULL,
                sent_at REAL);
            CREATE TABLE prep_answer (
                pitch_id INTEGER NOT NULL REFERENCES pitch(id),
                question_id TEXT NOT NULL,
                question TEXT NOT NULL,
                answer TEXT NOT NULL,
                updated_at REAL NOT NULL,
                PRIMARY KEY (pitch_id, question_id));
            CREATE TABLE rehearsal (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pitch_id INTEGER NOT NULL REFERENCES pitch(id),
                objection_id TEXT NOT NULL,
                objection TEXT NOT NULL,
                answer TEXT NOT NULL,
                score REAL NOT NULL,
                version_number INTEGER,
                created_at REAL NOT NULL);
            """)
        }
        return migrator
    }

    // MARK: - Plumbing

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                // IMMEDIATE takes the write lock first, so numbers read inside are final.
                try db.inTransaction(.immediate) { result = try body(db); return .commit }
                return result!
            }
        } catch let error as DatabaseError {
            throw StoreError.unavailable(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as DatabaseError {
            throw StoreError.unavailable(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    private static func pitchRow(_ db: Database, _ name: String) throws -> Pitch {
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM pitch WHERE name = ?", arguments: [name]) {
            return Pitch(id: row["id"], name: row["name"], title: row["title"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
        throw StoreError.unknownPitch(name, known: try String.fetchAll(db, sql: "SELECT name FROM pitch ORDER BY name"))
    }

    private static func text(_ row: Row, _ column: String) -> String {
        let data: Data = row[column]
        return String(decoding: data, as: UTF8.self)
    }

    private static func version(_ row: Row, withText: Bool) -> DraftVersion {
        let json: String = row["snapshot"]
        let snapshot = (try? JSONDecoder().decode(ScoreSnapshot.self, from: Data(json.utf8)))
            ?? ScoreSnapshot(overall: row["overall"], rubrics: [:], criteria: [:], rubricFingerprint: row["rubric_fingerprint"])
        return DraftVersion(pitchID: row["pitch_id"], number: row["number"], text: withText ? text(row, "text") : "",
                            note: row["note"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
                            snapshot: snapshot, messageID: row["message_id"])
    }

    private static func validName(_ name: String) -> Bool {
        (1...64).contains(name.count) && name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)
        } && !name.hasPrefix(".")
    }

    // MARK: - Pitches

    public func createPitch(name: String, title: String?) throws -> Pitch {
        guard Self.validName(name) else { throw StoreError.invalidName(name) }
        return try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM pitch WHERE name = ?", arguments: [name]) != nil {
                throw StoreError.pitchExists(name)
            }
            let now = Date()
            try db.execute(sql: "INSERT INTO pitch (name, title, created_at) VALUES (?, ?, ?)",
                           arguments: [name, title ?? name, now.timeIntervalSince1970])
            return Pitch(id: db.lastInsertedRowID, name: name, title: title ?? name, createdAt: now)
        }
    }

    public func pitch(named name: String) throws -> Pitch {
        try read { db in try Self.pitchRow(db, name) }
    }

    public func pitches() throws -> [PitchSummary] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.*, COUNT(v.id) AS versions, MAX(v.created_at) AS updated,
                       (SELECT overall FROM version WHERE pitch_id = p.id ORDER BY number DESC LIMIT 1) AS latest
                FROM pitch p LEFT JOIN version v ON v.pitch_id = p.id GROUP BY p.id ORDER BY p.name
                """).map { row in
                let updated: Double? = row["updated"]
                return PitchSummary(
                    pitch: Pitch(id: row["id"], name: row["name"], title: row["title"], createdAt: Date(timeIntervalSince1970: row["created_at"])),
                    versionCount: row["versions"], latestOverall: row["latest"], updatedAt: updated.map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    // MARK: - Versions

    public func saveVersion(pitch: String, text: String, note: String?, snapshot: ScoreSnapshot) throws -> DraftVersion {
        let json = String(decoding: (try? JSONEncoder().encode(snapshot)) ?? Data("{}".utf8), as: UTF8.self)
        return try write { db in
            let owner = try Self.pitchRow(db, pitch)
            // Allocated inside the write transaction: concurrent saves get 1, 2, 3… with no gap.
            let number = (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM version WHERE pitch_id = ?", arguments: [owner.id]) ?? 0) + 1
            let now = Date()
            try db.execute(sql: """
                INSERT INTO version (pitch_id, number, text, note, created_at, overall, snapshot, rubric_fingerprint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [owner.id, number, Data(text.utf8), note, now.timeIntervalSince1970,
                                 snapshot.overall, json, snapshot.rubricFingerprint])
            return DraftVersion(pitchID: owner.id, number: number, text: text, note: note, createdAt: now, snapshot: snapshot, messageID: nil)
        }
    }

    public func versions(of pitch: String) throws -> [DraftVersion] {
        try read { db in
            let owner = try Self.pitchRow(db, pitch)
            return try Row.fetchAll(db, sql: "SELECT * FROM version WHERE pitch_id = ? ORDER BY number", arguments: [owner.id])
                .map { Self.version($0, withText: true) }
        }
    }

    /// Everything but the texts: what `log` needs, cheap with thousands of versions.
    public func versionSummaries(of pitch: String) throws -> [DraftVersion] {
        try read { db in
            let owner = try Self.pitchRow(db, pitch)
            return try Row.fetchAll(db, sql: """
                SELECT pitch_id, number, X'' AS text, note, created_at, overall, snapshot, rubric_fingerprint, message_id
                FROM version WHERE pitch_id = ? ORDER BY number
                """, arguments: [owner.id]).map { Self.version($0, withText: false) }
        }
    }

    /// `number` nil means the latest.
    public func version(of pitch: String, number: Int?) throws -> DraftVersion {
        try read { db in
            let owner = try Self.pitchRow(db, pitch)
            let row: Row?
            if let number {
                row = try Row.fetchOne(db, sql: "SELECT * FROM version WHERE pitch_id = ? AND number = ?", arguments: [owner.id, number])
            } else {
                row = try Row.fetchOne(db, sql: "SELECT * FROM version WHERE pitch_id = ? ORDER BY number DESC LIMIT 1", arguments: [owner.id])
            }
            if let row { return Self.version(row, withText: true) }
            let range = try Row.fetchOne(db, sql: "SELECT MIN(number) AS lo, MAX(number) AS hi FROM version WHERE pitch_id = ?", arguments: [owner.id])
            let lo: Int? = range?["lo"], hi: Int? = range?["hi"]
            throw StoreError.unknownVersion(pitch: pitch, number: number ?? 0, known: lo.flatMap { l in hi.map { l...$0 } })
        }
    }

    // MARK: - Working draft

    public func workingDraft(of pitch: String) throws -> WorkingDraft? {
        try read { db in
            let owner = try Self.pitchRow(db, pitch)
            return try Row.fetchOne(db, sql: "SELECT * FROM working_draft WHERE pitch_id = ?", arguments: [owner.id]).map {
                WorkingDraft(pitchID: owner.id, text: Self.text($0, "text"), revision: $0["revision"],
                             updatedAt: Date(timeIntervalSince1970: $0["updated_at"]), baseVersion: $0["base_version"])
            }
        }
    }

    /// Optimistic concurrency: the caller says which revision it last saw (nil: it saw none);
    /// if another session wrote since, `.draftConflict` — nothing is overwritten silently.
    public func saveWorkingDraft(pitch: String, text: String, expectedRevision: Int?) throws -> WorkingDraft {
        try saveDraft(pitch: pitch, text: text) { current in
            if current != expectedRevision { throw StoreError.draftConflict(pitch: pitch) }
        }
    }

    /// Writes whatever is there (the user chose to keep their copy).
    public func saveWorkingDraft(pitch: String, text: String, force: Bool) throws -> WorkingDraft {
        try saveDraft(pitch: pitch, text: text) { _ in }
    }

    private func saveDraft(pitch: String, text: String, check: (Int?) throws -> Void) throws -> WorkingDraft {
        try write { db in
            let owner = try Self.pitchRow(db, pitch)
            let current = try Int.fetchOne(db, sql: "SELECT revision FROM working_draft WHERE pitch_id = ?", arguments: [owner.id])
            try check(current)
            let base = try Int.fetchOne(db, sql: "SELECT MAX(number) FROM version WHERE pitch_id = ?", arguments: [owner.id])
            let now = Date()
            let revision = (current ?? 0) + 1
            try db.execute(sql: """
                INSERT INTO working_draft (pitch_id, text, revision, updated_at, base_version) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(pitch_id) DO UPDATE SET text = excluded.text, revision = excluded.revision,
                    updated_at = excluded.updated_at, base_version = excluded.base_version
                """, arguments: [owner.id, Data(text.utf8), revision, now.timeIntervalSince1970, base])
            return WorkingDraft(pitchID: owner.id, text: text, revision: revision, updatedAt: now, baseVersion: base)
        }
    }

    public func clearWorkingDraft(pitch: String) throws {
        try write { db in
            let owner = try Self.pitchRow(db, pitch)
            try db.execute(sql: "DELETE FROM working_draft WHERE pitch_id = ?", arguments: [owner.id])
        }
    }

    // MARK: - Mentor loop

    public func addFeedback(pitch: String, versionNumber: Int, from: String, date: Date, text: String) throws {
        try write { db in
            let owner = try Self.pitchRow(db, pitch)
            try db.execute(sql: "INSERT INTO feedback (pitch_id, version_number, sender, date, text, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [owner.id, versionNumber, from, date.timeIntervalSince1970, text, Date().timeIntervalSince1970])
        }
    }

    public func feedback(of pitch: String) throws -> [MentorFeedback] {
        try read { db in
            let owner = try Self.pitchRow(db, pitch)
            return try Row.fetchAll(db, sql: "SELECT * FROM feedback WHERE pitch_id = ? ORDER BY version_number, date, id", arguments: [owner.id]).map {
                MentorFeedback(versionNumber: $0["version_number"], from: $0["sender"], date: Date(timeIntervalSince1970: $0["date"]),
                               text: $0["text"], importedAt: Date(timeIntervalSince1970: $0["imported_at"]))
            }
        }
    }

    /// Records an export and stamps the version with its Message-ID (the one mutable field of a version).
    public func recordExport(pitch: String, versionNumber: Int, messageID: String, to: [String], sentAt: Date?) throws {
        let recipients = String(decoding: (try? JSONEncoder().encode(to)) ?? Data("[]".utf8), as: UTF8.self)
        try write { db in
            let owner = try Self.pitchRow(db, pitch)
            try db.execute(sql: "INSERT INTO export (pitch_id, version_number, message_id, recipients, exported_at, sent_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [owner.id, versionNumber, messageID, recipients, Date().timeIntervalSince1970, sentAt?.timeIntervalSince1970])
            try db.execute(sql: "UPDATE version SET message_id = ? WHERE pitch_id = ? AND number = ?", arguments: [messageID, owner.id, versionNumber])
        }
    }

    public func markSent(messageID: String, at date: Date) throws {
        try write { db in
            try db.execute(sql: "UPDATE export SET sent_at = ? WHERE message_id = ?", arguments: [date.timeIntervalSince1970, messageID])
        }
    }

    public func exports(of pitch: String) throws -> [ExportRecord] {
        try read { db in
            let owner = try Self.pitchRow(db, pitch)
            return try Row.fetchAll(db, sql: "SELECT * FROM export WHERE pitch_id = ? ORDER BY exported_at, id", arguments: [owner.id]).map { row in
                let recipients: String = row["recipients"]
                let sent: Double? = row["sent_at"]
                return ExportRecord(versionNumber: row["version_number"], messageID: row["message_id"],
                                    to: (try? JSONDecoder().decode([String].self, from: Data(recipients.utf8))) ?? [],
                                    exportedAt: Date(timeIntervalSince1970: row["exported_at"]), sentAt: sent.map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    /// The version a reply answers, from its In-Reply-To / References ids (with or without angle brackets).
    public func versionAnswered(byMessageIDs ids: [String]) throws -> (pitch: String, number: Int)? {
        let normalized = ids.map { id -> String in
            let bare = id.trimmingCharacters(in: CharacterSet(charactersIn: "<> \t"))
            return "<\(bare)>"
        }
        return try read { db in
            for id in normalized.reversed() {
                if let row = try Row.fetchOne(db, sql: """
                    SELECT p.name, e.version_number FROM export e JOIN pitch p ON p.id = e.pitch_id WHERE e.message_id = ?
                    """, arguments: [id]) {
                    return (row["name"], row["version_number"])
                }
            }
            return nil
        }
    }

    // MARK: - Prep and rehearsal

    public func setPrepAnswer(pitch: String, questionID: String, question: String, answer: String) throws {
        try write { db in
            let owner = try Self.pitchRow(db, pitch)
            try db.execute(sql: """
                INSERT INTO prep_answer (pitch_id, question_id, question, answer, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(pitch_id, question_id) DO UPDATE SET question = excluded.question, answer = excluded.answer, updated_at = excluded.updated_at
                """, arguments: [owner.id, questionID, question, answer, Date().timeIntervalSince1970])
        }
    }

    public func prepAnswers(of pitch: String) throws -> [PrepAnswer] {
        try read { db in
            let owner = try Self.pitchRow(db, pitch)
            return try Row.fetchAll(db, sql: "SELECT * FROM prep_answer WHERE pitch_id = ? ORDER BY rowid", arguments: [owner.id]).map {
                PrepAnswer(questionID: $0["question_id"], question: $0["question"], answer: $0["answer"], updatedAt: Date(timeIntervalSince1970: $0["updated_at"]))
            }
        }
    }

    public func addRehearsal(pitch: String, objectionID: String, objection: String, answer: String, score: Double, versionNumber: Int?) throws {
        try write { db in
            let owner = try Self.pitchRow(db, pitch)
            try db.execute(sql: """
                INSERT INTO rehearsal (pitch_id, objection_id, objection, answer, score, version_number, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [owner.id, objectionID, objection, answer, score, versionNumber, Date().timeIntervalSince1970])
        }
    }

    public func rehearsals(of pitch: String) throws -> [Rehearsal] {
        try read { db in
            let owner = try Self.pitchRow(db, pitch)
            return try Row.fetchAll(db, sql: "SELECT * FROM rehearsal WHERE pitch_id = ? ORDER BY created_at, id", arguments: [owner.id]).map {
                Rehearsal(objectionID: $0["objection_id"], objection: $0["objection"], answer: $0["answer"], score: $0["score"],
                          versionNumber: $0["version_number"], createdAt: Date(timeIntervalSince1970: $0["created_at"]))
            }
        }
    }
}
