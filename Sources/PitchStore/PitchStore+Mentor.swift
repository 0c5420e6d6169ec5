import Foundation
import GRDB

/// The mentor exchange: exports of a version by mail, their sending, and the feedback replies bring back.
extension PitchStore {
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
        try records(of: name, in: "feedback", orderedBy: "version_number, date, id")
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
        try records(of: name, in: "export", orderedBy: "exported_at, id")
    }

    /// The version a reply answers: the first of `ids` (In-Reply-To, then References newest first)
    /// that is the Message-ID of an export. Angle brackets are optional on either side.
    public func versionAnswered(byMessageIDs ids: [String]) throws -> (pitch: String, number: Int)? {
        try read { db in
            for id in ids {
                let variants = Self.messageIDVariants(id)
                if let answered = try AnsweredVersion.fetchOne(
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
                    return (pitch: answered.name, number: answered.number)
                }
            }
            return nil
        }
    }

    private struct AnsweredVersion: StoreRecord {
        var name: String
        var number: Int
    }

    private static func messageIDVariants(_ id: String) -> [String] {
        let trimmed = id.trimmingCharacters(in: .whitespacesAndNewlines)
        var bare = Substring(trimmed)
        if bare.hasPrefix("<") { bare = bare.dropFirst() }
        if bare.hasSuffix(">") { bare = bare.dropLast() }
        return [trimmed, String(bare), "<\(bare)>"]
    }
}
