import Foundation
import PitchCore

public enum StoreError: Error, CustomStringConvertible, Equatable {
    case notADatabase(path: String)
    case unavailable(path: String, reason: String)
    case pitchExists(String)
    case unknownPitch(String, known: [String])
    case unknownVersion(pitch: String, number: Int, known: ClosedRange<Int>?)
    case draftConflict(pitch: String)
    case invalidName(String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            return "\(path): not a PitchCoach store (not an SQLite database, or damaged); it was left untouched — use --store to pick another file"
        case .unavailable(let path, let reason):
            return "\(path): cannot open the store: \(reason)"
        case .pitchExists(let name):
            return "a pitch named '\(name)' already exists; 'open \(name)' or pick another name"
        case .unknownPitch(let name, let known):
            return known.isEmpty ? "no pitch named '\(name)'; there are none yet ('new \(name)' starts one)"
                : "no pitch named '\(name)'; pitches: \(known.joined(separator: ", "))"
        case .unknownVersion(let pitch, let number, let known):
            guard let known else { return "\(pitch) has no saved versions yet ('save' makes v1)" }
            return "\(pitch) has no version \(number); versions: \(known.lowerBound == known.upperBound ? "\(known.lowerBound)" : "\(known.lowerBound)–\(known.upperBound)")"
        case .draftConflict(let pitch):
            return "the working draft of '\(pitch)' was changed by another session since you opened it; 'show' to see it, 'open \(pitch)' to reload"
        case .invalidName(let name):
            return "'\(name)' is not a valid pitch name: use 1–64 letters, digits, '-', '_' or '.'"
        }
    }
}

public struct Pitch: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var title: String
    public var createdAt: Date
}

public struct PitchSummary: Sendable {
    public var pitch: Pitch
    public var versionCount: Int
    public var latestOverall: Double?
    public var updatedAt: Date?
}

public struct DraftVersion: Sendable, Equatable {
    public var pitchID: Int64
    public var number: Int
    public var text: String
    public var note: String?
    public var createdAt: Date
    public var snapshot: ScoreSnapshot
    public var messageID: String?
}

public struct WorkingDraft: Sendable, Equatable {
    public var pitchID: Int64
    public var text: String
    public var revision: Int
    public var updatedAt: Date
    public var baseVersion: Int?
}

public struct MentorFeedback: Sendable, Equatable {
    public var versionNumber: Int
    public var from: String
    public var date: Date
    public var text: String
    public var importedAt: Date
}

public struct ExportRecord: Sendable, Equatable {
    public var versionNumber: Int
    public var messageID: String
    public var to: [String]
    public var exportedAt: Date
    public var sentAt: Date?
}

public struct PrepAnswer: Sendable, Equatable {
    public var questionID: String
    public var question: String
    public var answer: String
    public var updatedAt: Date
}

public struct Rehearsal: Sendable, Equatable {
    public var objectionID: String
    public var objection: String
    public var answer: String
    public var score: Double
    public var versionNumber: Int?
    public var createdAt: Date
}
