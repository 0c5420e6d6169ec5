import Foundation
import PitchCore

// The values the store hands out. Each is a record that GRDB decodes from a row whose columns name its properties
// (see `StoreRecord`). Only the store makes them, so they have no public initialiser; but for `DraftVersion`, which
// the REPL makes for an unsaved draft, and `WorkingDraft`, whose written-out decoding hides the memberwise one.

public struct Pitch: Sendable, Equatable, StoreRecord {
    public var id: Int64
    public var name: String
    public var title: String
    public var createdAt: Date
}

public struct PitchSummary: Sendable, Equatable, StoreRecord {
    public var pitch: Pitch
    public var versionCount: Int
    /// Overall score of the latest version; nil before the first save.
    public var latestOverall: Double?
    /// When the latest version was saved; nil before the first save.
    public var updatedAt: Date?

    /// `pitch` is not a column: GRDB decodes it from the same row (`id`, `name`, `title`, `created_at`).
    static let renamedColumns = ["latest_at": "updatedAt"]
}

public struct DraftVersion: Sendable, Equatable, StoreRecord {
    public var pitchID: Int64
    public var number: Int
    /// Exactly the text that was saved.
    public var text: String
    public var note: String?
    public var createdAt: Date
    public var snapshot: ScoreSnapshot
    /// Message-ID of the latest export of this version, if any.
    public var messageID: String?
    public init(
        pitchID: Int64, number: Int, text: String, note: String?, createdAt: Date, snapshot: ScoreSnapshot,
        messageID: String?
    ) {
        self.pitchID = pitchID
        self.number = number
        self.text = text
        self.note = note
        self.createdAt = createdAt
        self.snapshot = snapshot
        self.messageID = messageID
    }

    enum CodingKeys: CodingKey { case pitchID, number, text, note, createdAt, snapshot, messageID }

    /// Written out for the text alone, which is read as UTF-8 bytes (`decodeUTF8Text` says why).
    public init(from decoder: any Decoder) throws {
        let columns = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            pitchID: try columns.decode(Int64.self, forKey: .pitchID),
            number: try columns.decode(Int.self, forKey: .number),
            text: try columns.decodeUTF8Text(forKey: .text),
            note: try columns.decodeIfPresent(String.self, forKey: .note),
            createdAt: try columns.decode(Date.self, forKey: .createdAt),
            snapshot: try columns.decode(ScoreSnapshot.self, forKey: .snapshot),
            messageID: try columns.decodeIfPresent(String.self, forKey: .messageID))
    }
}

/// A version without its text, for listings (`log`) that must stay fast with thousands of versions.
public struct VersionSummary: Sendable, Equatable, StoreRecord {
    public var pitchID: Int64
    public var number: Int
    public var note: String?
    public var createdAt: Date
    public var snapshot: ScoreSnapshot
    public var messageID: String?
    /// Size of the text in UTF-8 bytes.
    public var textBytes: Int
}

/// The unsaved text being composed for a pitch, persisted as it is typed.
public struct WorkingDraft: Sendable, Equatable, StoreRecord {
    public var pitchID: Int64
    public var text: String
    /// Grows by one on every write, never reused for a pitch (also across clears), so a stale
    /// reader can always tell that someone else wrote in between.
    public var revision: Int
    public var updatedAt: Date
    /// The latest version when the draft was started.
    public var baseVersion: Int?
    public init(pitchID: Int64, text: String, revision: Int, updatedAt: Date, baseVersion: Int?) {
        self.pitchID = pitchID
        self.text = text
        self.revision = revision
        self.updatedAt = updatedAt
        self.baseVersion = baseVersion
    }

    enum CodingKeys: CodingKey { case pitchID, text, revision, updatedAt, baseVersion }

    /// Written out for the text alone, which is read as UTF-8 bytes (`decodeUTF8Text` says why).
    public init(from decoder: any Decoder) throws {
        let columns = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            pitchID: try columns.decode(Int64.self, forKey: .pitchID), text: try columns.decodeUTF8Text(forKey: .text),
            revision: try columns.decode(Int.self, forKey: .revision),
            updatedAt: try columns.decode(Date.self, forKey: .updatedAt),
            baseVersion: try columns.decodeIfPresent(Int.self, forKey: .baseVersion))
    }
}

public struct MentorFeedback: Sendable, Equatable, StoreRecord {
    public var versionNumber: Int
    public var from: String
    public var date: Date
    public var text: String
    public var importedAt: Date

    static let renamedColumns = ["from_name": "from"]
}

public struct ExportRecord: Sendable, Equatable, StoreRecord {
    public var versionNumber: Int
    public var messageID: String
    public var to: [String]
    public var exportedAt: Date
    public var sentAt: Date?
    /// Why the send failed, when it did (and has not succeeded since).
    public var sendFailure: String?

    static let renamedColumns = ["recipients": "to"]
}

public struct PrepAnswer: Sendable, Equatable, StoreRecord {
    public var questionID: String
    public var question: String
    public var answer: String
    public var updatedAt: Date
}

public struct Rehearsal: Sendable, Equatable, StoreRecord {
    public var objectionID: String
    public var objection: String
    public var answer: String
    public var score: Double
    /// The version that was latest when the rehearsal took place, if any.
    public var versionNumber: Int?
    public var createdAt: Date
}
