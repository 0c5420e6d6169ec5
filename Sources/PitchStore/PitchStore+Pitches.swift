import Foundation
import GRDB

/// Pitches: a name, a title, and the listing with each pitch's latest score.
extension PitchStore {
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
            try PitchSummary.fetchAll(
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
        }
    }

    static func pitch(_ db: Database, named name: String) throws -> Pitch {
        let name = name.precomposedStringWithCanonicalMapping
        // A store written by an older build may hold a name in NFD; it is still found, the NFC row first.
        let decomposed = name.decomposedStringWithCanonicalMapping
        if let pitch = try Pitch.fetchOne(
            db, sql: "SELECT * FROM pitch WHERE name IN (?, ?) ORDER BY name = ? DESC LIMIT 1",
            arguments: [name, decomposed, name])
        {
            return pitch
        }
        throw StoreError.unknownPitch(name, known: try String.fetchAll(db, sql: "SELECT name FROM pitch ORDER BY name"))
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
