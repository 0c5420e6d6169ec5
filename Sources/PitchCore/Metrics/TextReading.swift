import SentenceVectors

/// `metric: text-reading`: how the draft reads as a whole on its rubric's scale, to a model fitted on how two
/// raters scored corpus-train's 300 texts (`TextHeads`, the rubric's line of `Models/text-heads.tsv`): 0 at `low`,
/// full credit at `high` (default 0–1, the raters' 1–5 as 0–1, higher better). It catches what no one sentence
/// says — a draft about the writer from start to end, a bitter tone spread thin — and every point of it is a
/// sentence's: the sentences that raise it most and lower it most are its findings, each with its share.
/// A draft the encoder did not read (past 100 KB the static table reads it) has no reading: it counts for nothing.
enum TextReading: Metric {
    static let name = "text-reading"
    /// The findings kept each way: the sentences that raise the reading most, and those that lower it most.
    static let shown = 3

    static func measure(_ criterion: Criterion, in draft: MeasuredDraft) -> Measurement {
        guard let reading = draft.textReading else {
            var unread = Measurement(score: 0, explanation: "not read: the draft is read by the static table")
            unread.counts = false
            return unread
        }
        let value = Double(reading.value)
        let byShare = reading.shares.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        let raising = byShare.prefix(shown).filter { $0.value > 0 }
        let lowering = byShare.reversed().prefix(shown).filter { $0.value < 0 }
        let findings = (raising + lowering).map { entry in
            var finding = Scorer.finding(
                draft.document.sentences[entry.key].tokens, in: draft.document, penalty: entry.value < 0)
            finding.source = .meaning
            finding.strength = Double(abs(entry.value))
            return finding
        }
        func points(_ share: Float) -> String { String(format: "%+.2f", share) }
        let most = [
            raising.first.map { "most raised by line \(line($0.key, draft)) (\(points($0.value)))" },
            lowering.first.map { "most lowered by line \(line($0.key, draft)) (\(points($0.value)))" },
        ]
        var measured = Measurement(
            score: (value - criterion.low) / (criterion.high - criterion.low), findings: findings,
            explanation: "reads as \(String(format: "%.2f", value)) on the raters' 0–1 scale as a whole "
                + "(\(String(format: "%.2f", reading.centre)) for an average draft); "
                + most.compactMap { $0 }.joined(separator: ", "))
        // As a thing to avoid does: the advice starts where the draft loses most.
        if let worst = findings.first(where: \.isPenalty) {
            measured.advice =
                criterion.advice + " Start with line \(worst.span.line): “\(worst.sentence)”"
                + (worst.sentence.last.map { ".!?".contains($0) } == true ? "" : ".")
        }
        return measured
    }

    private static func line(_ sentence: Int, _ draft: MeasuredDraft) -> Int {
        draft.document.sentences[sentence].line
    }
}
