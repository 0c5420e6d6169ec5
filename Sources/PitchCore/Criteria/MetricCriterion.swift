/// `kind: metric`: a whole-text measurement named by `metric` (one of `Metrics.all`, each in `Metrics/`), full
/// credit between `low` and `high` (the metric's defaults) or at `target`, and the word lists a metric reads.
///
///     metric: readability   # required
///     low: 6
///     high: 12
enum MetricCriterion: CriterionRules {
    static let keys = ["metric", "low", "high", "target"] + Metrics.wordListKeys

    static func load(_ criterion: inout Criterion, from entry: CriterionEntry, loader: inout RubricLoader.Loader)
        throws
    {
        guard let name = try loader.string(entry.fields, "metric", in: entry.node, what: entry.what) else {
            throw loader.fail(entry.node, "\(entry.what) needs `metric`")
        }
        guard let metric = MetricKind(rawValue: name) else {
            throw loader.fail(
                entry.fields["metric"],
                "unknown metric `\(name)` "
                    + "(expected one of: \(MetricKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        criterion.metric = metric
    }

    /// A score of at least half.
    static func isSatisfied(by score: CriterionScore) -> Bool { score.score >= 0.5 }
}
