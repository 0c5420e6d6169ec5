import Foundation
import GRDB

/// Prep answers: the pitcher's answer to each of the boss's likely questions, one per question.
extension PitchStore {
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
        try records(of: name, in: "prep_answer", orderedBy: "id")
    }
}
