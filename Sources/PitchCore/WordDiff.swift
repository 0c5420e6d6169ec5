// STUB — the diff work replaces this file.
public enum DiffChunk: Equatable, Sendable {
    case same(String), added(String), removed(String)
}
public enum WordDiff {
    /// Word-level diff; whitespace runs stay attached so joining all chunks of one side gives that side back.
    public static func diff(old: String, new: String) -> [DiffChunk] { [] }
    /// `git diff --word-diff` plain style: `[-removed-]{+added+}`.
    public static func plain(_ chunks: [DiffChunk]) -> String { "" }
}
