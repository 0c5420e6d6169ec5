import Foundation
import PitchCore

public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// A non-SQLite, damaged or foreign database file sits at the store path; it was refused and left as it was.
    case notADatabase(path: String)
    /// The folder can't be created, the file can't be opened, or another process kept it locked past the busy timeout.
    case unavailable(path: String, reason: String)
    /// The store path itself is wrong (empty, a folder, a symlink loop): the whole one-line message.
    case unusable(String)
    case pitchExists(String)
    case unknownPitch(String, known: [String])
    /// `number` is 0 when the latest was asked for; `known` is nil when the pitch has no versions.
    case unknownVersion(pitch: String, number: Int, known: ClosedRange<Int>?)
    /// Another session changed the working draft since this one read it.
    case draftConflict(pitch: String)
    case invalidName(String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            return
                "\(path) is not a PitchCoach store (not SQLite, damaged, or another program's database); it was left untouched — move it aside or choose another file with --store"
        case .unavailable(let path, let reason):
            return "cannot use the store \(path): \(reason)"
        case .unusable(let message):
            return message
        case .pitchExists(let name):
            return "a pitch named '\(name)' already exists"
        case .unknownPitch(let name, let known):
            if known.isEmpty { return "no pitch named '\(name)'; there are no pitches yet" }
            return "no pitch named '\(name)'; pitches: \(known.joined(separator: ", "))"
        case .unknownVersion(let pitch, let number, let known):
            guard let known else { return "pitch '\(pitch)' has no saved versions yet" }
            let range =
                known.lowerBound == known.upperBound ? "\(known.lowerBound)" : "\(known.lowerBound)–\(known.upperBound)"
            return "pitch '\(pitch)' has no version \(number); versions: \(range)"
        case .draftConflict(let pitch):
            return
                "the working draft of '\(pitch)' was changed by another session since this one read it; not overwritten"
        case .invalidName(let name):
            return
                "invalid pitch name '\(name)': use 1–64 letters, digits, '-', '_' or '.', starting with a letter or digit"
        }
    }
}

public struct Pitch: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var title: String
    public var createdAt: Date
    public init(id: Int64, name: String, title: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.title = title
        self.createdAt = createdAt
    }
}

public struct PitchSummary: Sendable, Equatable {
    public var pitch: Pitch
    public var versionCount: Int
    /// Overall score of the latest version; nil before the first save.
    public var latestOverall: Double?
    /// When the latest version was saved; nil before the first save.
    public var updatedAt: Date?
    public init(pitch: Pitch, versionCount: Int, latestOverall: Double?, updatedAt: Date?) {
        self.pitch = pitch
        self.versionCount = versionCount
        self.latestOverall = latestOverall
        self.updatedAt = updatedAt
    }
}

public struct DraftVersion: Sendable, Equatable {
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
}

/// A version without its text, for listings (`log`) that must stay fast with thousands of versions.
public struct VersionSummary: Sendable, Equatable {
    public var pitchID: Int64
    public var number: Int
    public var note: String?
    public var createdAt: Date
    public var snapshot: ScoreSnapshot
    public var messageID: String?
    /// Size of the text in UTF-8 bytes.
    public var textBytes: Int
    public init(
        pitchID: Int64, number: Int, note: String?, createdAt: Date, snapshot: ScoreSnapshot, messageID: String?,
        textBytes: Int
    ) {
        self.pitchID = pitchID
        self.number = number
        self.note = note
        self.createdAt = createdAt
        self.snapshot = snapshot
        self.messageID = messageID
        self.textBytes = textBytes
    }
}

/// The unsaved text being composed for a pitch, persisted as it is typed.
public struct WorkingDraft: Sendable, Equatable {
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
}

public struct MentorFeedback: Sendable, Equatable {
    public var versionNumber: Int
    public var from: String
    public var date: Date
    public var text: String
    public var importedAt: Date
    public init(versionNumber: Int, from: String, date: Date, text: String, importedAt: Date) {
        self.versionNumber = versionNumber
        self.from = from
        self.date = date
        self.text = text
        self.importedAt = importedAt
    }
}

public struct ExportRecord: Sendable, Equatable {
    public var versionNumber: Int
    public var messageID: String
    public var to: [String]
    public var exportedAt: Date
    public var sentAt: Date?
    /// Why the send failed, when it did (and has not succeeded since).
    public var sendFailure: String?
    public init(
        versionNumber: Int, messageID: String, to: [String], exportedAt: Date, sentAt: Date?,
        sendFailure: String? = nil
    ) {
        self.versionNumber = versionNumber
        self.messageID = messageID
        self.to = to
        self.exportedAt = exportedAt
        self.sentAt = sentAt
        self.sendFailure = sendFailure
    }
}

public struct PrepAnswer: Sendable, Equatable {
    public var questionID: String
    public var question: String
    public var answer: String
    public var updatedAt: Date
    public init(questionID: String, question: String, answer: String, updatedAt: Date) {
        self.questionID = questionID
        self.question = question
        self.answer = answer
        self.updatedAt = updatedAt
    }
}

public struct Rehearsal: Sendable, Equatable {
    public var objectionID: String
    public var objection: String
    public var answer: String
    public var score: Double
    /// The version that was latest when the rehearsal took place, if any.
    public var versionNumber: Int?
    public var createdAt: Date
    public init(
        objectionID: String, objection: String, answer: String, score: Double, versionNumber: Int?, createdAt: Date
    ) {
        self.objectionID = objectionID
        self.objection = objection
        self.answer = answer
        self.score = score
        self.versionNumber = versionNumber
        self.createdAt = createdAt
    }
}
