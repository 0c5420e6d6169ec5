// STUB — the core-scoring work replaces this file (keep these public names; add freely).

/// A rubric as loaded from one YAML file in `Rubrics/` (or a user folder).
public struct Rubric: Equatable, Sendable {
    public var id: String
    public var name: String
    public var summary: String
    public var weight: Double
    public var criteria: [Criterion]
    /// File the rubric came from (display name used in errors and `rubrics list`).
    public var source: String
    public init(id: String, name: String, summary: String, weight: Double, criteria: [Criterion], source: String) {
        self.id = id; self.name = name; self.summary = summary; self.weight = weight; self.criteria = criteria; self.source = source
    }
}

public struct CriterionExample: Equatable, Sendable {
    /// true: the text must satisfy the criterion; false: it must not.
    public var meets: Bool
    public var text: String
    public init(meets: Bool, text: String) { self.meets = meets; self.text = text }
}

public struct Criterion: Equatable, Sendable {
    public var id: String
    public var name: String
    public var weight: Double
    public var advice: String
    public var template: String?
    public var examples: [CriterionExample]
    public init(id: String, name: String, weight: Double, advice: String, template: String?, examples: [CriterionExample]) {
        self.id = id; self.name = name; self.weight = weight; self.advice = advice; self.template = template; self.examples = examples
    }
}

public enum RubricLoader {
    /// Parses and validates one rubric file. Errors carry file:line:column.
    public static func load(yaml: String, file: String) throws -> Rubric {
        throw LocatedError(file: file, message: "rubric loading not implemented yet")
    }
}

public enum Scorer {
    /// Scores `text` against `rubrics`. Pure; linear in the text length.
    public static func score(_ text: String, rubrics: [Rubric]) -> ScoreCard {
        ScoreCard(overall: 0, band: .needsWork, rubrics: [], readability: ReadabilityMeter.measure(text), fixes: [], rubricFingerprint: "")
    }
}

/// `pitchcoach rubrics test`: every example of every criterion.
public struct ExampleResult: Equatable, Sendable {
    public var rubric: String
    public var criterion: String
    public var example: CriterionExample
    public var passed: Bool
    /// Why it failed ("expected to meet, scored 0.20").
    public var detail: String
}

public enum RubricSelfTest {
    public static func run(_ rubrics: [Rubric]) -> [ExampleResult] { [] }
}
