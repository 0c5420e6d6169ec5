import Foundation
import GRDB

/// Rehearsals: each answer given to an objection, with its score, kept in the order given.
extension PitchStore {
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
        try records(of: name, in: "rehearsal", orderedBy: "id")
    }
}
