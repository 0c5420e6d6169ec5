import SentenceVectors

/// `metric: text-reading`: how the draft reads as a whole on its rubric's scale, to a model fitted on how two
/// raters scored corpus-train's 300 texts (`TextHeads`, the rubric's line of `Models/text-heads.tsv`): 0 at `low`,
/// full credit at `high` (default 0–1, the raters' 1–5 as 0–1, higher better). It catches what no one sentence
/// says — a draft about the writer from start to end, a bitter tone spread thin — and every point of it is a
/// sentence's: the sentences that raise it most and lower it most are its findings, each with its share.
/// A draft the encoder did not read (past 100 KB the static table reads it) has no reading: it counts for nothing.
/// A draft with no sentence to read reads as the average draft.
enum TextReading: Metric {
    static let name = "text-reading"
    /// The findings kept each way: the sentences that raise the reading most, and those that lower it most.
    static let shown = 3
    /// A share smaller than this is no finding: it moves the reading by less than half a point in a hundred.
    static let smallestShare: Float = 0.005

    static func measure(_ criterion: Criterion, in draft: MeasuredDraft) -> Measurement {
        guard let reading = draft.textReading else {
            var unread = Measurement(
                score: 0, explanation: "not read: the draft is read by the static table (past 100 KB, or no model)")
            unread.counts = false
            return unread
        }
        let value = Double(reading.value)
        let score = (value - criterion.low) / (criterion.high - criterion.low)
        let byShare = reading.shares.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        let raising = byShare.prefix(shown).filter { $0.value >= smallestShare }
        // At full credit nothing costs: the sentences that read below the average are not shown as costing.
        let lowering = score >= 1 ? [] : byShare.reversed().prefix(shown).filter { $0.value <= -smallestShare }
        let findings = (raising + lowering).map { entry in
            var finding = Scorer.finding(
                draft.document.sentences[entry.key].tokens, in: draft.document, penalty: entry.value < 0)
            finding.source = .meaning
            finding.strength = Double(abs(entry.value))
            return finding
        }
        func place(_ entry: (key: Int, value: Float)) -> String {
            let sentence = draft.document.sentences[entry.key]
            return "line \(sentence.line):\(sentence.column) (\(String(format: "%+.2f", entry.value)))"
        }
        let most = [
            raising.first.map { "most raised by " + place($0) }, lowering.first.map { "most lowered by " + place($0) },
        ]
        var measured = Measurement(
            score: score, findings: findings,
            explanation: "reads \(Self.onTheScale(value)) as a whole "
                + "(\(String(format: "%.2f", reading.centre)) for an average draft)"
                + most.compactMap { $0 }.map { "; " + $0 }.joined())
        // As a thing to avoid does, the advice starts where the draft loses most: not at its ask, which every
        // pitch makes, nor at its thanks, which it may give.
        let reworkable = zip(lowering, findings.suffix(lowering.count)).first { entry, _ in
            !draft.askSentences.contains(entry.key) && !draft.document.opensWithThanks(entry.key)
        }
        if let (_, worst) = reworkable {
            measured.advice = criterion.advice + Scorer.startWith(worst, quoting: worst.sentence)
        }
        return measured
    }

    /// Where a reading sits on the raters' 0–1 scale. The reading is a linear model, so a draft can read past
    /// either end; it is said so, not shown as a mark the raters never give.
    static func onTheScale(_ value: Double) -> String {
        let figure = String(format: "%.2f", value)
        if value > 1 { return "past the top of the raters' 0–1 scale (\(figure))" }
        if value < 0 { return "below the bottom of the raters' 0–1 scale (\(figure))" }
        return "as \(figure) on the raters' 0–1 scale"
    }
}
