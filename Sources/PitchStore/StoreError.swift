import Foundation

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
