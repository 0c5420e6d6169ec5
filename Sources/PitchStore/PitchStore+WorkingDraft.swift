import Foundation
import GRDB

/// The working draft: the unsaved text of a pitch, written line by line, guarded by a revision number.
extension PitchStore {
    /// The unsaved draft of the pitch, nil when there is none.
    public func workingDraft(of name: String) throws -> WorkingDraft? {
        try read { db in
            let pitch = try Self.pitch(db, named: name)
            return try WorkingDraft.fetchOne(
                db, sql: "SELECT * FROM working_draft WHERE pitch_id = ? AND text IS NOT NULL",
                arguments: [pitch.id])
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
            let current = try DraftState.fetchOne(
                db,
                sql: "SELECT text IS NOT NULL AS live, revision, base_version FROM working_draft WHERE pitch_id = ?",
                arguments: [pitch.id])
            let lastRevision = current?.revision ?? 0
            let liveRevision: Int? = current?.live == true ? lastRevision : nil
            if !force && liveRevision != expectedRevision { throw StoreError.draftConflict(pitch: name) }
            let baseVersion: Int? =
                liveRevision != nil ? current?.baseVersion : try Self.latestNumber(db, pitchID: pitch.id)
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

    /// The draft row as a writer sees it: the text is left out, `live` says whether there is one.
    private struct DraftState: StoreRecord {
        var live: Bool
        var revision: Int
        var baseVersion: Int?
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
}
