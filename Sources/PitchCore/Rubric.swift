import Foundation
import SentenceVectors

/// A rubric as loaded from one YAML file in `Rubrics/` (or a user folder). The format is
/// described in `Rubrics/README.md`; `RubricLoader` validates it with file:line:column errors.
public struct Rubric: Sendable {
    public var id: String
    public var name: String
    public var summary: String
    public var weight: Double
    public var criteria: [Criterion]
    /// File the rubric came from (display name used in errors and `rubrics list`).
    public var source: String
    /// Risk level thresholds (bridge-risk): score >= low → low risk, >= medium → medium, else high.
    public var levels: RiskThresholds?
    /// Stable hash of the file's text: which rubric a saved score was made with.
    public var fingerprint: String
    /// The rubric's weight in the overall score where a situation changes it (YAML `weight-by-situation`): 0 where
    /// it does not apply (a raise needs no successor), fitted to the raters by `Models/fit_scoring.py`.
    public var situationWeights: [String: Double] = [:]
    /// How the criteria become the rubric's score (YAML `aggregate`, default the weighted mean).
    public var aggregation: Aggregation = .weightedMean
    /// Sentences that show none of the criteria (greetings, plain requests): every head learns not to fire on
    /// them, and `rubrics test` checks that none of this rubric's criteria does.
    public var neutral: [String] {
        get { storedNeutral.map { $0.section.neutral(of: $0.index) } ?? ownNeutral }
        set {
            ownNeutral = newValue
            storedNeutral = nil
        }
    }
    private var ownNeutral: [String] = []
    var storedNeutral: (section: ExampleSection, index: Int)?

    public init(
        id: String, name: String, summary: String, weight: Double, criteria: [Criterion], source: String,
        levels: RiskThresholds?, fingerprint: String
    ) {
        self.id = id
        self.name = name
        self.summary = summary
        self.weight = weight
        self.criteria = criteria
        self.source = source
        self.levels = levels
        self.fingerprint = fingerprint
    }

    /// The rubric's weight in the overall score of a draft in `situation`.
    public func weight(in situation: String?) -> Double {
        situation.flatMap { situationWeights[$0] } ?? weight
    }

    public func level(for score: Double) -> RiskLevel? {
        guard let levels else { return nil }
        return score >= levels.low ? .low : (score >= levels.medium ? .medium : .high)
    }
}

public struct RiskThresholds: Equatable, Sendable {
    public var low: Double
    public var medium: Double
}

public struct CriterionExample: Equatable, Sendable {
    /// true: the text must satisfy the criterion; false: it must not.
    public var meets: Bool
    public var text: String
    public init(meets: Bool, text: String) {
        self.meets = meets
        self.text = text
    }
}

public struct Criterion: Sendable {
    public var id: String
    public var name: String
    public var weight: Double
    /// The criterion's weight in its rubric where a situation changes it (YAML `weight-by-situation`, as a rubric
    /// has): 0 where it does not apply (who covers your work, for a raise).
    public var situationWeights: [String: Double] = [:]
    public var advice: String
    public var template: String?
    /// The template where a situation words the ask its own way (YAML `template-by-situation`): a raise is not asked
    /// for as "I'd like to move to …".
    public var situationTemplates: [String: String] = [:]
    /// The examples (they test the criterion and teach its head). A compiled criterion reads them from its
    /// archive's example section on first use (`ExampleSection`): a run that only scores never decodes them.
    public var examples: [CriterionExample] {
        get { stored?.examples(of: storedIndex) ?? ownExamples }
        set {
            ownExamples = newValue
            stored = nil
        }
    }
    private var ownExamples: [CriterionExample]
    var stored: ExampleSection?
    var storedIndex = 0
    public var kind: CriterionKind
    /// Phrases (evidence, avoid) or one matcher per group (cooccurrence).
    var matchers: [PhraseMatcher]
    /// Sentences (evidence, cooccurrence) or numbers (quantified-impact) for full credit.
    public var target: Double
    /// Score lost per hit (avoid).
    public var penalty: Double
    public var metric: MetricKind?
    /// Metric band: full credit between low and high.
    public var low: Double
    public var high: Double
    /// A metric's word lists by YAML key (`Metric.wordListKeys`: quantified-impact's `units` and `dates`), as
    /// the draft's words are compared: lowercased, one word each.
    public var wordLists: [String: Set<String>] = [:]
    /// The sentence-vector head learnt from the examples (`CriterionTraining`); nil while untrained or when the
    /// criterion has too few examples to learn from (then only its phrases count).
    public var head: LinearHead?
    /// Phrases that, in a sentence, mean the head's reading does not count there: negations and hedges the
    /// mean of a sentence's words cannot see ("I won't quit", "it's nobody's fault"). Phrases still count.
    var unless: PhraseMatcher?
    /// The vectors of the examples that show the criterion, in order (made with the head): what a sentence found
    /// by meaning "reads like".
    public var showingVectors: QuantizedVectors? {
        get { stored.map { $0.vectors(of: storedIndex) } ?? ownVectors }
        set {
            ownVectors = newValue
            if stored != nil {
                ownExamples = examples
                stored = nil
            }
        }
    }
    private var ownVectors: QuantizedVectors?

    init(
        id: String, name: String, weight: Double, advice: String, template: String?, examples: [CriterionExample],
        kind: CriterionKind, matchers: [PhraseMatcher], target: Double, penalty: Double, metric: MetricKind?,
        low: Double, high: Double
    ) {
        self.id = id
        self.name = name
        self.weight = weight
        self.advice = advice
        self.template = template
        self.ownExamples = examples
        self.kind = kind
        self.matchers = matchers
        self.target = target
        self.penalty = penalty
        self.metric = metric
        self.low = low
        self.high = high
    }
    /// Strength (0–1) from which the head counts a sentence (YAML `threshold`; default the kind's,
    /// `CriterionRules.defaultThreshold`). Evidence from 0.4: chosen by five-fold cross-validation on the rubrics'
    /// own examples (`pitchcoach-bench heads`; the heads are trained with the classes weighted alike, so their 0.5
    /// is already generous); things to avoid from 0.5 (`Avoid`).
    public var threshold: Double = 0.4

    /// The criterion's weight in its rubric for a draft in `situation`.
    public func weight(in situation: String?) -> Double {
        situation.flatMap { situationWeights[$0] } ?? weight
    }

    /// The criterion's template for a draft in `situation`.
    public func template(in situation: String?) -> String? {
        situation.flatMap { situationTemplates[$0] } ?? template
    }
    /// Strength at which a sentence found by meaning counts fully; between `threshold` and this it counts in
    /// proportion, so a doubtful sentence moves the score a little and a clear one a lot (phrases always count 1).
    public var fullStrength: Double = Criterion.defaultFullStrength
    /// A sentence the head is sure of counts as a phrase does. Leave-one-out on `../shared/corpus-dev` leant to 1.2–1.5
    /// (`pitchcoach-bench calibrate`), within noise of 1.0 (0.92 against 0.93 overall in sample), and those make a
    /// strong draft in plain words, found by meaning, read weaker than a mentor reads it.
    public static let defaultFullStrength = 1.0

    /// How the credit bends between `threshold` and `fullStrength`: 1 is a straight line; above 1, a doubtful
    /// sentence counts far less than a clear one (the kind's, `CriterionRules.defaultCreditPower`: things to avoid
    /// bend).
    public var creditPower: Double = 1

    /// A sentence found by meaning in the first quarter above the threshold is "faint": it counts (a little), and
    /// JSON lists it, but the text report only counts it: a heavily regularised head puts an ordinary sentence
    /// near the middle, and a writer should read about the sentences that matter.
    /// (An eighth: the fine-tuned heads' strengths are calibrated probabilities, and a clear reading of a rare thing
    /// sits well under 0.5 — "if you say no I will look for another job" reads 0.33 as a threat, against 0.2.)
    public var faintStrength: Double { threshold + (1 - threshold) / 8 }

    /// How much a finding of this strength counts, 0–1.
    public func credit(_ strength: Double) -> Double {
        strength >= 1
            ? 1 : pow(max(0, min(1, (strength - threshold) / max(0.01, fullStrength - threshold))), creditPower)
    }
    /// A phrase found in a sentence the head reads at least this strongly makes the whole draft "do not send"
    /// (threats to leave, insults, going over the boss's head); without a head, the phrase alone does.
    public var redLine: Double?

    /// Whether an example sentence shows what the criterion looks for: the evidence, or the thing to avoid.
    public func shows(_ example: CriterionExample) -> Bool { example.meets == kind.rules.shownByMeets }

    /// Evidence counts only in the first this many sentences of the draft that read as sentences (a greeting is
    /// not one): the ask must come first (YAML `within-first`).
    public var withinFirst: Int?

    /// Criteria that recognise sentences (the metrics measure the whole text).
    public var readsSentences: Bool { kind.sentenceRules != nil }
}

/// Stable 64-bit FNV-1a, hex: a fingerprint that survives process restarts (unlike `Hasher`).
public func fnv1a(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
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

/// How a criterion (or a rubric's neutral sentences, criterion "neutral") did in `rubrics test`.
public struct CriterionVerdict: Equatable, Sendable {
    public var rubric: String
    public var criterion: String
    public var examples: Int
    public var held: Int
    /// The share of examples that must hold: all of them for phrases alone, `RubricSelfTest.learnedFloor` for a
    /// criterion that learns (its examples teach it, and a linear head does not fit every one).
    public var floor: Double
    public var passed: Bool { Double(held) >= floor * Double(examples) - 1e-9 }
}

public enum RubricSelfTest {
    /// A learned criterion recognises at least this share of its own examples, and no criterion of a rubric finds
    /// (more than faintly) more than 1 − this share of its neutral sentences. Floors against regressions: the
    /// built-in rubrics hold 65–86% of their examples and 74% of the neutral sentences.
    public static let learnedFloor = 0.6

    public static func verdicts(_ results: [ExampleResult], rubrics: [Rubric]) -> [CriterionVerdict] {
        var verdicts: [CriterionVerdict] = []
        for rubric in rubrics {
            for id in rubric.criteria.map(\.id) + (rubric.neutral.isEmpty ? [] : ["neutral"]) {
                let mine = results.filter { $0.rubric == rubric.id && $0.criterion == id }
                let learned = id == "neutral" || rubric.criteria.first { $0.id == id }?.head != nil
                verdicts.append(
                    CriterionVerdict(
                        rubric: rubric.id, criterion: id, examples: mine.count,
                        held: mine.filter(\.passed).count, floor: learned ? learnedFloor : 1))
            }
        }
        return verdicts
    }

    /// An example that shows the criterion must be found by it (a phrase or the head), one that does not must
    /// not: for evidence the `meets` examples show it, for things to avoid the `misses` do. A metric's example
    /// meets it at a score of at least 0.5.
    public static func run(_ rubrics: [Rubric]) -> [ExampleResult] {
        var results: [ExampleResult] = []
        // Every example's sentences encoded together first: one by one they would cost three times as much.
        if let reader = ContextualReader.builtIn {
            let texts = rubrics.flatMap { rubric in rubric.criteria.flatMap { $0.examples.map(\.text) } + rubric.neutral
            }
            reader.prefetch(
                texts.flatMap { text in
                    let document = TextDocument(text)
                    return document.sentences.map { document.text(from: $0.start, to: $0.end) }
                })
        }
        for rubric in rubrics {
            for criterion in rubric.criteria {
                for example in criterion.examples {
                    let result = Scorer.scoreCriterion(
                        criterion, of: rubric.id, in: TextDocument(example.text),
                        readability: ReadabilityMeter.measure(example.text))
                    let satisfied = criterion.kind.rules.isSatisfied(by: result)
                    let passed = satisfied == example.meets
                    var detail = ""
                    if !passed && criterion.kind == .metric {
                        detail =
                            "expected to \(example.meets ? "meet" : "miss"), scored \(String(format: "%.2f", result.score))"
                    } else if !passed && result.findings.isEmpty {
                        let strength =
                            criterion.head.map {
                                String(
                                    format: " (the head reads it at %.2f, counts from %.2f)",
                                    $0.strength(SentenceEncoder.builtIn.vector(example.text)), criterion.threshold)
                            } ?? ""
                        detail = "shows the criterion but was not found" + strength
                    } else if !passed {
                        detail =
                            "does not show the criterion but was found: "
                            + result.findings.map {
                                "“\($0.text)”"
                                    + ($0.source == .meaning
                                        ? String(format: " (strength %.2f)", $0.strength) : " (a phrase)")
                            }.joined(separator: ", ")
                    }
                    results.append(
                        ExampleResult(
                            rubric: rubric.id, criterion: criterion.id, example: example, passed: passed, detail: detail
                        ))
                }
            }
            for text in rubric.neutral {
                let document = TextDocument(text)
                let readability = ReadabilityMeter.measure(text)
                let fired = rubric.criteria.filter(\.readsSentences).filter { criterion in
                    Scorer.scoreCriterion(criterion, in: document, readability: readability).findings.contains {
                        !$0.isFaint
                    }
                }
                let detail =
                    fired.isEmpty ? "" : "a neutral sentence, found by \(fired.map(\.id).joined(separator: ", "))"
                results.append(
                    ExampleResult(
                        rubric: rubric.id, criterion: "neutral", example: CriterionExample(meets: true, text: text),
                        passed: fired.isEmpty, detail: detail))
            }
        }
        return results
    }
}
