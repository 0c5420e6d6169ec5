import Foundation
import SentenceVectors

/// A whole-text measurement: a criterion of `kind: metric` names one with `metric: NAME`. One type per metric, each
/// in its own file under `Metrics/` with its YAML keys, defaults and examples in its comment, registered in
/// `Metrics.all`: adding a metric is its file and a line there.
protocol Metric: Sendable {
    /// Its YAML name (`metric: perspective`).
    static var name: String { get }
    /// `low` and `high` when the rubric does not give them (a metric that reads neither keeps (0, 1)).
    static var defaults: (low: Double, high: Double) { get }
    /// Word lists it reads (YAML keys beyond the common ones, each a list of words or `{lexicon}`s), checked by the
    /// loader and kept in `Criterion.wordLists`.
    static var wordListKeys: [String] { get }
    /// Measures the draft for `criterion` (its `low`, `high`, `target` and word lists).
    static func measure(_ criterion: Criterion, in draft: MeasuredDraft) -> Measurement
}

extension Metric {
    static var defaults: (low: Double, high: Double) { (0, 1) }
    static var wordListKeys: [String] { [] }
}

/// What a metric reads of a draft.
struct MeasuredDraft {
    let document: TextDocument
    let readability: Readability
    /// The sentences that earned evidence in the same rubric, by criterion id (a figure there is about a result,
    /// not tenure or rent); nil reads every sentence (an example scored on its own).
    let evidence: [String: Set<Int>]?
    /// How the draft reads as a whole on the rubric's scale (`TextReading`); nil when the encoder did not read it.
    var textReading: TextHeads.Reading? = nil
    /// The sentences the model reads as the draft's ask (`TextReading` does not send the writer to rework them).
    var askSentences: Set<Int> = []

    /// The sentences that earned evidence for the criteria `ids` (all of the rubric's when nil or empty); nil when
    /// every sentence is read.
    func evidenceSentences(from ids: Set<String>?) -> Set<Int>? {
        guard let evidence else { return nil }
        let wanted = ids.flatMap { $0.isEmpty ? nil : $0 }
        return evidence.reduce(into: Set<Int>()) { all, entry in
            if wanted?.contains(entry.key) ?? true { all.formUnion(entry.value) }
        }
    }
}

/// A metric's score (clamped to 0–1 by the caller), the findings it keeps and the number past the limit, and
/// one line of why.
struct Measurement {
    var score: Double
    var findings: [Finding] = []
    var moreFindings = 0
    var explanation: String
    /// False when the metric could not read the draft (a whole-text reading of a draft the encoder did not read):
    /// the criterion then weighs nothing.
    var counts = true
    /// The criterion's advice for this draft, when the metric points at a place in it.
    var advice: String? = nil
}

/// The registered metrics, in the order the rubric format lists them.
enum Metrics {
    static let all: [any Metric.Type] = [
        Perspective.self, QuantifiedImpact.self, ReadabilityGrade.self, Length.self, LongSentences.self,
        TextReading.self,
    ]
    static let named: [String: any Metric.Type] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    /// Every word-list key some metric reads (the loader accepts them on a criterion whose metric reads them).
    static let wordListKeys: [String] = all.flatMap { $0.wordListKeys }
}

/// Which metric a criterion measures (YAML `metric`): the name of one of `Metrics.all`.
public struct MetricKind: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init?(rawValue: String) {
        guard Metrics.named[rawValue] != nil else { return nil }
        self.rawValue = rawValue
    }
    public static var allCases: [MetricKind] { Metrics.all.compactMap { MetricKind(rawValue: $0.name) } }
    var type: any Metric.Type { Metrics.named[rawValue]! }
}

/// Stage 3 for the metrics.
extension Scorer {
    static func scoreMetric(
        _ criterion: Criterion, in document: TextDocument, readability: Readability,
        evidence: [String: Set<Int>]?, textReading: TextHeads.Reading? = nil, askSentences: Set<Int> = []
    ) -> CriterionScore {
        let measured =
            criterion.metric?.type.measure(
                criterion,
                in: MeasuredDraft(
                    document: document, readability: readability, evidence: evidence, textReading: textReading,
                    askSentences: askSentences)
            ) ?? Measurement(score: 0, explanation: "")
        var result = CriterionScore(
            id: criterion.id, name: criterion.name, score: min(1, max(0, measured.score)), weight: criterion.weight,
            findings: measured.findings, advice: measured.advice ?? criterion.advice, template: criterion.template,
            explanation: measured.explanation)
        result.moreFindings = measured.moreFindings
        result.unread = !measured.counts
        return result
    }

    static func formatted(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2g", value)
    }
}
