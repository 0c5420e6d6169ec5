import Foundation
import GRDB
import PitchCore

/// Saved versions: numbered from 1 per pitch, each with its text and score snapshot; never changed once saved
/// (but for the Message-ID of its latest export).
extension PitchStore {
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
        try records(of: name, in: "version", orderedBy: "number")
    }

    /// All versions, oldest first, without their texts.
    public func versionSummaries(of name: String) throws -> [VersionSummary] {
        try read { db in
            let pitch = try Self.pitch(db, named: name)
            return try VersionSummary.fetchAll(
                db,
                sql: """
                    SELECT pitch_id, number, note, created_at, snapshot, message_id, length(text) AS text_bytes
                    FROM version WHERE pitch_id = ? ORDER BY number
                    """, arguments: [pitch.id])
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
                let version = try DraftVersion.fetchOne(
                    db, sql: "SELECT * FROM version WHERE pitch_id = ? AND number = ?",
                    arguments: [pitch.id, wanted])
            else {
                throw try Self.unknownVersion(db, pitch: pitch, number: wanted)
            }
            return version
        }
    }

    static func latestNumber(_ db: Database, pitchID: Int64) throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT MAX(number) FROM version WHERE pitch_id = ?", arguments: [pitchID])
    }

    static func unknownVersion(_ db: Database, pitch: Pitch, number: Int) throws -> StoreError {
        let numbers = try NumberRange.fetchOne(
            db, sql: "SELECT MIN(number) AS low, MAX(number) AS high FROM version WHERE pitch_id = ?",
            arguments: [pitch.id])
        let known: ClosedRange<Int>?
        if let low = numbers?.low, let high = numbers?.high { known = low...high } else { known = nil }
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

    /// The lowest and highest version numbers of a pitch; both nil when it has none.
    private struct NumberRange: StoreRecord {
        var low: Int?
        var high: Int?
    }
}
