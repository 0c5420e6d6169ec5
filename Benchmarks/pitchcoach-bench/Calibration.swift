import Foundation
import PitchCore
import PitchResources

/// `pitchcoach-bench calibrate CORPUS_DIR`: how the document-level aggregation is chosen. Scores every text of a
/// rated corpus (LABELS*.tsv: file, org_benefit, successor, bridge_risk, overall) under each setting of the
/// aggregation, prints the Spearman correlation with the raters per rubric, and the figures by leave-one-out:
/// each text scored with the setting that ranked the *other* texts best, so no text helps choose its own setting.
enum Calibration {
    struct Setting: CustomStringConvertible {
        var fullStrength: Double
        var avoidThreshold: Double
        var avoidPower: Double
        var evidencePower: Double
        var description: String {
            String(
                format: "full credit at %.2f, avoid from %.2f, powers %.1f / %.1f", fullStrength, avoidThreshold,
                evidencePower, avoidPower)
        }
    }

    static let keys = ["organisational-benefit", "successor-readiness", "bridge-risk", "overall"]

    static func spearman(_ a: [Double], _ b: [Double]) -> Double { RankCorrelation.spearman(a, b) }

    /// `pitchcoach-bench agreement CORPUS_DIR`: the shipped scores (situation read from each draft, as `score` does)
    /// against the raters of a rated corpus: Spearman per rubric and overall. A measurement, not a test: the
    /// figures go in the closing notes and `Models/SCORING.md`.
    static func agreement(_ arguments: [String]) throws {
        guard let folder = arguments.first else {
            print("usage: pitchcoach-bench agreement CORPUS_DIR")
            exit(2)
        }
        let (texts, labels) = try corpus(folder)
        let rubrics = try BuiltInRubrics.load()
        let book = try QuestionBook.embedded(trainedWith: { rubrics })
        var tool: [String: [Double]] = [:]
        for text in texts {
            let card =
                book.map { Scorer.score(text, rubrics: rubrics, questions: $0) } ?? Scorer.score(text, rubrics: rubrics)
            for key in keys {
                tool[key, default: []].append(
                    key == "overall" ? card.overall : card.rubrics.first { $0.id == key }?.score ?? 0)
            }
        }
        print(
            "agreement with the raters on \(folder) (n=\(texts.count), Spearman): "
                + keys.map { key in
                    String(format: "%@ %.2f", key, spearman(tool[key]!, labels.map { $0[key]! }))
                }.joined(separator: ", "))
    }

    /// A rated corpus: its texts and the raters' marks (bridge risk turned so that higher is safer).
    static func corpus(_ folder: String) throws -> (texts: [String], labels: [[String: Double]]) {
        let labelFiles = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("LABELS") }
            .sorted()
        var texts: [String] = []
        var labels: [[String: Double]] = []
        for name in labelFiles {
            let rows = try String(contentsOfFile: folder + "/" + name, encoding: .utf8).split(separator: "\n").map {
                $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            }
            guard let header = rows.first else { continue }
            func column(_ key: String) -> Int { header.firstIndex(of: key)! }
            for row in rows.dropFirst() where row.count == header.count {
                texts.append(try String(contentsOfFile: folder + "/" + row[column("file")], encoding: .utf8))
                labels.append([
                    "organisational-benefit": Double(row[column("org_benefit")])!,
                    "successor-readiness": Double(row[column("successor")])!,
                    "bridge-risk": 6 - Double(row[column("bridge_risk")])!, // the raters' 5 is the riskiest
                    "overall": Double(row[column("overall")])!,
                ])
            }
        }
        return (texts, labels)
    }

    static func run(_ arguments: [String]) throws {
        guard let folder = arguments.first else {
            print("usage: pitchcoach-bench calibrate CORPUS_DIR")
            exit(2)
        }
        let (texts, labels) = try corpus(folder)
        var builtIn = try BuiltInRubrics.load()
        // heads trained here, with the settings in the environment
        if ProcessInfo.processInfo.environment["RETRAIN"] != nil {
            for r in builtIn.indices { for c in builtIn[r].criteria.indices { builtIn[r].criteria[c].head = nil } }
            builtIn = CriterionTraining.train(builtIn)
        }
        var settings: [Setting] = []
        for full in [1.0, 1.2, 1.5] {
            for avoid in [0.5] {
                for power in [1.0, 2.0, 3.0] {
                    for evidence in [1.0] {
                        settings.append(
                            Setting(
                                fullStrength: full, avoidThreshold: avoid, avoidPower: power, evidencePower: evidence))
                    }
                }
            }
        }
        // scores[setting][text][key]
        let scores: [[[String: Double]]] = settings.map { setting in
            var rubrics = builtIn
            for r in rubrics.indices {
                for c in rubrics[r].criteria.indices {
                    if rubrics[r].criteria[c].kind == .avoid {
                        rubrics[r].criteria[c].threshold = setting.avoidThreshold
                        rubrics[r].criteria[c].creditPower = setting.avoidPower
                    }
                    rubrics[r].criteria[c].fullStrength = max(
                        setting.fullStrength, rubrics[r].criteria[c].threshold + 0.01)
                    if rubrics[r].criteria[c].kind != .avoid {
                        rubrics[r].criteria[c].creditPower = setting.evidencePower
                    }
                }
            }
            return texts.map { text in
                let card = Scorer.score(text, rubrics: rubrics)
                var out = ["overall": card.overall]
                for rubric in card.rubrics { out[rubric.id] = rubric.score }
                return out
            }
        }
        func rho(_ s: Int, _ key: String, except: Int? = nil) -> Double {
            let kept = texts.indices.filter { $0 != except }
            return spearman(kept.map { scores[s][$0][key]! }, kept.map { labels[$0][key]! })
        }
        func objective(_ s: Int, except: Int? = nil) -> Double {
            // The overall ranking matters most; every rubric must agree too.
            keys.map { rho(s, $0, except: except) }.reduce(0, +) + rho(s, "overall", except: except)
        }
        print(
            "Spearman with the raters on \(texts.count) texts, in sample, per setting (" + keys.joined(separator: " / ")
                + ")")
        for s in settings.indices {
            print(
                "  " + settings[s].description.padding(toLength: 56, withPad: " ", startingAt: 0)
                    + keys.map { String(format: "%5.2f", rho(s, $0)) }.joined(separator: " "))
        }
        var chosen: [Int] = []
        var heldOut = texts.indices.map { _ in [String: Double]() }
        for i in texts.indices {
            let best = settings.indices.max { objective($0, except: i) < objective($1, except: i) }!
            chosen.append(best)
            heldOut[i] = scores[best][i]
        }
        let figures = keys.map { key in
            String(format: "%@ %.2f", key, spearman(heldOut.map { $0[key]! }, labels.map { $0[key]! }))
        }
        print("leave-one-out (each text scored with the setting chosen without it): " + figures.joined(separator: ", "))
        for (s, count) in Dictionary(grouping: chosen, by: { $0 }).mapValues(\.count).sorted(by: { $0.value > $1.value }
        ) {
            print("  chosen \(count)× — \(settings[s])")
        }
    }
}
