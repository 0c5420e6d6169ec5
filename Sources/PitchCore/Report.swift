// STUB — the core-scoring work replaces this file.
public struct ReportStyle: Sendable {
    public var color: Bool
    /// Terminal width to fit quoted sentences into.
    public var width: Int
    public init(color: Bool, width: Int) { self.color = color; self.width = width }
}

public enum ReportRenderer {
    /// Human report: top 3 fixes first, then each rubric and criterion with compiler-style quoted evidence.
    public static func text(_ card: ScoreCard, file: String, style: ReportStyle) -> String { "" }
    /// Stable JSON, schemaVersion 1 (see issue 2 for the shape).
    public static func json(_ card: ScoreCard) -> String { "{}" }
    public static func markdown(_ card: ScoreCard, file: String) -> String { "" }
}
