import Foundation
import PitchCore
import PitchResources
import SentenceVectors

/// `pitchcoach-bench heads [BANK.tsv]`: how well the criteria recognise sentences they were not trained on.
/// Five-fold cross-validation over the rubrics' own examples (each fold's examples left out of every head's
/// training, then scored as `rubrics test` scores them), for a few settings of the fit; with a labelled bank
/// (criterion, label, sentence), also the F1 of the built-in heads on it — a measurement, never a training set.
/// The development bank (`heads ../shared/sentences/bank-dev.tsv`) is measured here, not in the tests: its F1
/// moves with every scoring change (it read a macro F1 of at least 0.75 when it was a test).
enum HeadsEvaluation {
    struct Tally {
        var tp = 0, fp = 0, fn = 0, tn = 0
        var f1: Double {
            let d = Double(2 * tp + fp + fn)
            return d > 0 ? Double(2 * tp) / d : 0
        }
        var precision: Double { tp + fp > 0 ? Double(tp) / Double(tp + fp) : 0 }
        var recall: Double { tp + fn > 0 ? Double(tp) / Double(tp + fn) : 0 }
        mutating func add(shows: Bool, fired: Bool) {
            switch (shows, fired) {
            case (true, true): tp += 1
            case (false, true): fp += 1
            case (true, false): fn += 1
            default: tn += 1
            }
        }
    }

    static func report(_ tallies: [String: Tally], indent: String = "  ") {
        for (id, t) in tallies.sorted(by: { $0.key < $1.key }) {
            print(
                indent + id.padding(toLength: 24, withPad: " ", startingAt: 0)
                    + String(format: "F1 %.2f  P %.2f  R %.2f", t.f1, t.precision, t.recall))
        }
        let macro = tallies.values.map(\.f1).reduce(0, +) / Double(max(1, tallies.count))
        print(indent + String(format: "macro F1 %.3f over %d criteria", macro, tallies.count))
    }

    /// Fires on a text as the bank check reads it: any evidence for the criterion.
    static func fires(_ criterion: Criterion, in rubric: Rubric, text: String) -> Bool {
        var single = rubric
        single.criteria = [criterion]
        return !(Scorer.score(text, rubrics: [single]).rubrics[0].criteria[0].findings.isEmpty)
    }

    static func run(_ arguments: [String]) throws {
        var builtIn = try BuiltInRubrics.load()
        // heads trained here, with the settings in the environment
        if ProcessInfo.processInfo.environment["RETRAIN"] != nil {
            for r in builtIn.indices { for c in builtIn[r].criteria.indices { builtIn[r].criteria[c].head = nil } }
            builtIn = CriterionTraining.train(builtIn)
        }
        var untrained = builtIn
        for r in untrained.indices { for c in untrained[r].criteria.indices { untrained[r].criteria[c].head = nil } }
        let folds = 5
        let l2s: [Float] = (ProcessInfo.processInfo.environment["HEADS_L2"] ?? "0.01")
            .split(separator: ",").compactMap { Float(String($0)) }
        let thresholds: [Double] = (ProcessInfo.processInfo.environment["HEADS_THRESHOLDS"] ?? "0.5")
            .split(separator: ",").compactMap { Double(String($0)) }
        // The phrases alone, on every example and neutral sentence (no training involved).
        var phraseOwn: [String: Tally] = [:]
        var phraseWide: [String: Tally] = [:]
        let everything =
            untrained.enumerated().flatMap { r, rubric in
                rubric.criteria.indices.flatMap { c in rubric.criteria[c].examples.map { (r, c, $0) } }
            } + untrained.flatMap(\.neutral).map { (-1, -1, CriterionExample(meets: true, text: $0)) }
        for (r, rubric) in untrained.enumerated() {
            for (c, criterion) in rubric.criteria.enumerated() where criterion.readsSentences {
                for (er, ec, example) in everything {
                    let own = er == r && ec == c
                    let fired = fires(criterion, in: rubric, text: example.text)
                    if own {
                        phraseOwn[criterion.id, default: Tally()].add(shows: criterion.shows(example), fired: fired)
                    }
                    phraseWide[criterion.id, default: Tally()].add(shows: own && criterion.shows(example), fired: fired)
                }
            }
        }
        print("phrases alone — own examples")
        report(phraseOwn)
        print("phrases alone — against every example and neutral sentence")
        report(phraseWide)
        print("five-fold cross-validation on the rubrics' own examples (shows vs near misses of each criterion)")
        for l2 in l2s {
            // "own": each criterion on its own held-out examples (shows against its near misses), as a sentence bank
            // reads it; "all": also against every other held-out example and neutral sentence, as a draft reads it.
            var tallies: [Double: [String: Tally]] = [:]
            var wide: [Double: [String: Tally]] = [:]
            for fold in 0..<folds {
                // Leave out every fifth example of every criterion, train on the rest, test on what was left out.
                var training = untrained
                var heldOut: [(r: Int, c: Int, example: CriterionExample)] = []
                var heldNeutral: [String] = []
                for r in training.indices {
                    let neutral = training[r].neutral
                    training[r].neutral = neutral.enumerated().filter { $0.offset % folds != fold }.map(\.element)
                    heldNeutral += neutral.enumerated().filter { $0.offset % folds == fold }.map(\.element)
                    for c in training[r].criteria.indices {
                        let all = training[r].criteria[c].examples
                        training[r].criteria[c].examples = all.enumerated().filter { $0.offset % folds != fold }.map(
                            \.element)
                        heldOut += all.enumerated().filter { $0.offset % folds == fold }.map { (r, c, $0.element) }
                    }
                }
                var settings = LinearHead.Training()
                settings.l2 = l2
                let trained = CriterionTraining.train(training, training: settings)
                for threshold in thresholds {
                    for (r, c, example) in heldOut where trained[r].criteria[c].readsSentences {
                        var criterion = trained[r].criteria[c]
                        criterion.threshold = threshold
                        let fired = fires(criterion, in: trained[r], text: example.text)
                        tallies[threshold, default: [:]][criterion.id, default: Tally()].add(
                            shows: criterion.shows(example), fired: fired)
                    }
                    let others =
                        heldOut.map { ($0.r, $0.c, $0.example) }
                        + heldNeutral.map { (-1, -1, CriterionExample(meets: true, text: $0)) }
                    for r in trained.indices {
                        for c in trained[r].criteria.indices where trained[r].criteria[c].readsSentences {
                            var criterion = trained[r].criteria[c]
                            criterion.threshold = threshold
                            for (er, ec, example) in others {
                                let shows = er == r && ec == c && criterion.shows(example)
                                wide[threshold, default: [:]][criterion.id, default: Tally()]
                                    .add(shows: shows, fired: fires(criterion, in: trained[r], text: example.text))
                            }
                        }
                    }
                }
            }
            for threshold in thresholds {
                print(String(format: "l2 %.4g, threshold %.2f — own examples", l2, threshold))
                report(tallies[threshold]!)
                print(String(format: "l2 %.4g, threshold %.2f — against every held-out sentence", l2, threshold))
                report(wide[threshold]!)
            }
        }
        guard let bankPath = arguments.first else { return }
        print("\nthe built-in heads on \(bankPath) (measured, not trained on)")
        let rows = try String(contentsOfFile: bankPath, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: "\t", maxSplits: 2).map(String.init) }.filter { $0.count == 3 }
        var tallies: [String: Tally] = [:]
        for row in rows {
            guard let rubric = builtIn.first(where: { $0.criteria.contains { $0.id == row[0] } }),
                let criterion = rubric.criteria.first(where: { $0.id == row[0] })
            else { continue }
            tallies[row[0], default: Tally()].add(
                shows: row[1] == "1", fired: fires(criterion, in: rubric, text: row[2]))
        }
        report(tallies)
    }
}
