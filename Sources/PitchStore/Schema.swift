import GRDB

/// Migrations are append-only: a store made by an older build is brought forward by the ones it lacks.
/// Never edit a registered migration; add "v2", "v3"… instead.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // Dates are REAL seconds since 1970 (millisecond precision), readable with datetime(x, 'unixepoch').
            // Texts are BLOBs of UTF-8 so that every byte comes back exactly as given.
            try db.execute(
                sql: """
                    CREATE TABLE pitch (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        title TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE version (
                        id INTEGER PRIMARY KEY,
                        pitch_id INTEGER NOT NULL REFERENCES pitch(id) ON DELETE CASCADE,
                        number INTEGER NOT NULL CHECK (number >= 1),
                        text BLOB NOT NULL,
                        note TEXT,
                        created_at REAL NOT NULL,
                        overall REAL NOT NULL,
                        rubric_fingerprint TEXT NOT NULL,
                        snapshot TEXT NOT NULL,
                        message_id TEXT,
                        UNIQUE (pitch_id, number)
                    );
                    CREATE TABLE working_draft (
                        pitch_id INTEGER PRIMARY KEY REFERENCES pitch(id) ON DELETE CASCADE,
                        text BLOB,
                        revision INTEGER NOT NULL,
                        updated_at REAL NOT NULL,
                        base_version INTEGER
                    );
                    CREATE TABLE feedback (
                        id INTEGER PRIMARY KEY,
                        pitch_id INTEGER NOT NULL REFERENCES pitch(id) ON DELETE CASCADE,
                        version_number INTEGER NOT NULL,
                        from_name TEXT NOT NULL,
                        date REAL NOT NULL,
                        text TEXT NOT NULL,
                        imported_at REAL NOT NULL,
                        UNIQUE (pitch_id, version_number, from_name, date, text)
                    );
                    CREATE TABLE export (
                        id INTEGER PRIMARY KEY,
                        pitch_id INTEGER NOT NULL REFERENCES pitch(id) ON DELETE CASCADE,
                        version_number INTEGER NOT NULL,
                        message_id TEXT NOT NULL UNIQUE,
                        recipients TEXT NOT NULL,
                        exported_at REAL NOT NULL,
                        sent_at REAL
                    );
                    CREATE INDEX export_pitch ON export(pitch_id, version_number);
                    CREATE TABLE prep_answer (
                        id INTEGER PRIMARY KEY,
                        pitch_id INTEGER NOT NULL REFERENCES pitch(id) ON DELETE CASCADE,
                        question_id TEXT NOT NULL,
                        question TEXT NOT NULL,
                        answer TEXT NOT NULL,
                        updated_at REAL NOT NULL,
                        UNIQUE (pitch_id, question_id)
                    );
                    CREATE TABLE rehearsal (
                        id INTEGER PRIMARY KEY,
                        pitch_id INTEGER NOT NULL REFERENCES pitch(id) ON DELETE CASCADE,
                        objection_id TEXT NOT NULL,
                        objection TEXT NOT NULL,
                        answer TEXT NOT NULL,
                        score REAL NOT NULL,
                        version_number INTEGER,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX rehearsal_pitch ON rehearsal(pitch_id);
                    """)
        }
        migrator.registerMigration("v2") { db in
            // A send that failed is recorded as such (its reason, one line), so `log` never calls it exported.
            try db.execute(sql: "ALTER TABLE export ADD COLUMN send_failure TEXT")
        }
        return migrator
    }

    /// The schema version this build writes: how many migrations it knows.
    static var version: Int { migrator.migrations.count }

    /// What a store holds, seen by a read-only connection.
    struct State {
        /// Some of our migrations are missing (a new or older store): opening must write.
        var needsMigration: Bool
        /// The schema version of a store a newer build made (migrations this build does not know), else nil.
        var newer: Int?
        static let blank = State(needsMigration: true, newer: nil)
    }

    static func state(_ db: Database) throws -> State {
        guard try db.tableExists("grdb_migrations") else { return .blank }
        let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        let known = migrator.migrations
        let unknown = applied.subtracting(known)
        // Identifiers are "v1", "v2"…: the newest one names the version; else count them.
        let newest = applied.compactMap { Int($0.dropFirst()) }.max() ?? applied.count
        return State(
            needsMigration: !Set(known).isSubset(of: applied),
            newer: unknown.isEmpty ? nil : max(newest, applied.count))
    }

    static let tables = ["pitch", "version", "working_draft", "feedback", "export", "prep_answer", "rehearsal"]
}
