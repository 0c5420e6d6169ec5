import Foundation
import Yams

public struct PrepQuestion: Equatable, Sendable {
    public var id: String
    public var text: String
    public var hint: String
    public var situations: [String]
    /// The outline section the answer feeds ("benefit", "successor", "ask", …; "none" feeds none).
    public var section: String
}

public struct OutlineSection: Equatable, Sendable {
    public var id: String
    public var template: String
}

public struct Objection: Equatable, Sendable {
    public var id: String
    public var text: String
    public var kinds: [String]
    /// "rubric-id/criterion-id" the objection tests.
    public var probes: [String]
    public var goodAnswer: String
    /// For a question of the boss's question book: its id there. An answer its examples recognise answers it, whatever
    /// the criteria it probes make of the answer ("Tom has agreed and has a seat from April").
    public var question: String?
    public init(id: String, text: String, kinds: [String], probes: [String], goodAnswer: String) {
        self.id = id
        self.text = text
        self.kinds = kinds
        self.probes = probes
        self.goodAnswer = goodAnswer
    }
}

/// The contents of `Prompts/`: prep questions, outline sections, objections. Loaded with the same
/// file:line:column errors as the rubrics.
public struct PromptLibrary: Sendable {
    public var questions: [PrepQuestion] = []
    public var outline: [OutlineSection] = []
    public var objections: [Objection] = []

    /// Every situation the tool knows (`Prompts/boss-questions.yaml`): objections are kept for each.
    public static let allSituations = ["lateral", "step-down", "promotion", "decline", "raise", "transfer"]
    /// The situations prep has questions for: every one (`Prompts/prep.yaml`).
    public static let situations = allSituations

    public init() {}

    public func questions(for situation: String) -> [PrepQuestion] {
        questions.filter { $0.situations.contains(situation) }
    }

    public static func load(files: [(name: String, text: String)]) throws -> PromptLibrary {
        var library = PromptLibrary()
        for file in files {
            let root: Node?
            do { root = try Yams.compose(yaml: file.text, .basic) } catch let error as YamlError {
                throw RubricLoader.Loader(file: file.name).syntaxError(error)
            }
            guard let root else { continue }
            var reader = RubricLoader.Loader(file: file.name)
            // `situations` and `boss-questions` are the question book's (`QuestionBook`), read on their own.
            let top = try reader.fields(
                root, allowed: ["questions", "sections", "objections", "situations", "boss-questions"],
                what: "a prompts file")
            if let list = top["questions"] {
                library.questions += try reader.items(list, what: "questions").map { try question($0, &reader) }
            }
            if let list = top["sections"] {
                library.outline += try reader.items(list, what: "sections").map { try section($0, &reader) }
            }
            if let list = top["objections"] {
                library.objections += try reader.items(list, what: "objections").map { try objection($0, &reader) }
            }
        }
        return library
    }

    static func question(_ node: Node, _ reader: inout RubricLoader.Loader) throws -> PrepQuestion {
        let f = try reader.fields(node, allowed: ["id", "text", "hint", "situations", "section"], what: "a question")
        let situations =
            try f["situations"].map { try reader.strings($0, key: "situations").map(\.0) } ?? situationsDefault
        for situation in situations where !Self.situations.contains(situation) {
            throw reader.fail(
                f["situations"],
                "unknown situation `\(situation)` (expected one of: \(Self.situations.joined(separator: ", ")))")
        }
        return PrepQuestion(
            id: try reader.string(f, "id", in: node, what: "a question")!,
            text: try reader.string(f, "text", in: node, what: "a question")!,
            hint: try reader.string(f, "hint", in: node, what: "a question", required: false) ?? "",
            situations: situations,
            section: try reader.string(f, "section", in: node, what: "a question", required: false) ?? "none")
    }

    static let situationsDefault = situations

    static func section(_ node: Node, _ reader: inout RubricLoader.Loader) throws -> OutlineSection {
        let f = try reader.fields(node, allowed: ["id", "template"], what: "an outline section")
        return OutlineSection(
            id: try reader.string(f, "id", in: node, what: "an outline section")!,
            template: try reader.string(f, "template", in: node, what: "an outline section")!)
    }

    static func objection(_ node: Node, _ reader: inout RubricLoader.Loader) throws -> Objection {
        let f = try reader.fields(
            node, allowed: ["id", "text", "kinds", "probes", "good-answer"], what: "an objection")
        let probes = try f["probes"].map { try reader.strings($0, key: "probes").map(\.0) } ?? []
        guard !probes.isEmpty else {
            throw reader.fail(f["probes"] ?? node, "an objection needs `probes` (rubric-id/criterion-id)")
        }
        for probe in probes where probe.split(separator: "/").count != 2 {
            throw reader.fail(f["probes"], "probe `\(probe)` is not rubric-id/criterion-id")
        }
        let kinds = try f["kinds"].map { try reader.strings($0, key: "kinds").map(\.0) } ?? allSituations
        for kind in kinds where !allSituations.contains(kind) {
            let known = allSituations.joined(separator: ", ")
            throw reader.fail(f["kinds"], "unknown situation `\(kind)` (expected one of: \(known))")
        }
        return Objection(
            id: try reader.string(f, "id", in: node, what: "an objection")!,
            text: try reader.string(f, "text", in: node, what: "an objection")!, kinds: kinds,
            probes: probes,
            goodAnswer: try reader.string(f, "good-answer", in: node, what: "an objection", required: false) ?? "")
    }
}

extension RubricLoader.Loader {
    mutating func items(_ node: Node, what: String) throws -> [Node] {
        try count(node)
        guard case .sequence(let sequence) = node else { throw fail(node, "expected a list for `\(what)`") }
        return Array(sequence)
    }
}

/// A first draft from the prep answers, in the order a pitch lands: the ask, the benefit, the context, the
/// successor, the fallback. Answers become sentences; each is used once.
public enum Outline {
    public static func draft(answers: [String: String], library: PromptLibrary) -> String {
        var paragraphs: [String] = []
        var used = Set<String>()
        for section in library.outline {
            var text = section.template
            var filled = 0
            var placeholders = 0
            while let open = text.range(of: "{{"),
                let close = text.range(of: "}}", range: open.upperBound..<text.endIndex)
            {
                let field = text[open.upperBound..<close.lowerBound].split(separator: ":", maxSplits: 1).map(
                    String.init)
                placeholders += 1
                var answer = field.count == 2 ? (answers[field[1]] ?? "").trimmed : ""
                // An answer given twice (the same words for two questions) is written once.
                if answer.isEmpty || used.contains(answer.lowercased()) {
                    answer = ""
                } else {
                    used.insert(answer.lowercased())
                    filled += 1
                    answer = field[0] == "question" ? asQuestion(answer) : asSentence(answer)
                }
                text.replaceSubrange(open.lowerBound..<close.upperBound, with: answer)
            }
            if placeholders > 0 && filled == 0 { continue }
            let paragraph = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            if !paragraph.isEmpty { paragraphs.append(paragraph) }
        }
        return paragraphs.joined(separator: "\n\n") + "\n"
    }

    /// "move to the platform team from April" → "Move to the platform team from April."
    static func asSentence(_ answer: String) -> String {
        var text = answer.prefix(1).uppercased() + answer.dropFirst()
        if let last = text.last, !".!?…\"”".contains(last) { text += "." }
        return text
    }

    /// The ask as a question the boss can say yes to: "Move to the platform team from April" or "I want to move
    /// to …" → "Could I move to the platform team from April?". An answer that is already a question, or does not
    /// start with what the user wants to do, stays a sentence.
    static func asQuestion(_ answer: String) -> String {
        var text = answer.trimmed
        if text.hasSuffix("?") { return asSentence(text) }
        while let last = text.last, ".!".contains(last) { text.removeLast() }
        let lower = text.lowercased()
        let leads = ["i want to ", "i'd like to ", "i would like to ", "i'd love to ", "i hope to ", "to "]
        for lead in leads where lower.hasPrefix(lead) {
            text = String(text.dropFirst(lead.count))
            break
        }
        let first = text.split(separator: " ").first.map(String.init) ?? ""
        let pronouns = ["i", "i'm", "i'd", "my", "we", "you", "the", "a", "an", "this", "it"]
        guard !first.isEmpty, !pronouns.contains(first.lowercased()) else { return asSentence(answer.trimmed) }
        // "Move" → "move"; an acronym or a name in capitals ("IC", "SRE") keeps its case.
        let keepsCase = first.count > 1 && first.dropFirst().first?.isUppercase == true
        return "Could I " + (keepsCase ? text : text.prefix(1).lowercased() + text.dropFirst()) + "?"
    }
}

/// Which objections to rehearse: those probing the draft's weakest criteria first.
public enum ObjectionPicker {
    public static func pick(
        from objections: [Objection], criterionScores: [String: Double], kind: String?,
        exclude: Set<String>, count: Int
    ) -> [Objection] {
        let candidates = objections.enumerated().filter { _, objection in
            !exclude.contains(objection.id) && (kind == nil || objection.kinds.contains(kind!))
        }
        // An objection is as pressing as the weakest criterion it probes; file order breaks ties.
        let ranked = candidates.sorted { a, b in
            let wa = weakness(a.element, criterionScores)
            let wb = weakness(b.element, criterionScores)
            return wa != wb ? wa < wb : a.offset < b.offset
        }
        return Array(ranked.prefix(count).map(\.element))
    }

    static func weakness(_ objection: Objection, _ scores: [String: Double]) -> Double {
        objection.probes.compactMap { scores[$0] }.min() ?? 1
    }
}

/// A rehearsed answer, scored on the criteria its objection probes.
public struct AnswerScore: Sendable {
    /// 0–100.
    public var score: Double
    /// Probed criteria the answer meets.
    public var strong: [CriterionScore]
    /// Probed criteria it misses, or things to avoid that it said.
    public var weak: [CriterionScore]
    /// The objection probes only things to avoid, and the answer says too little to count as one.
    public var tooShort: Bool
    /// Things to avoid the answer says, whatever the objection probed (`rubric/criterion` ids): an answer that
    /// threatens to leave is flagged `bridge-risk/no-ultimatums` even to a question about numbers.
    public var flags: [String] = []
    /// The answer crosses a red line (a threat to leave, an insult, going over the boss's head).
    public var crossesRedLine = false
}

/// What the answer says earns the marks (evidence, co-occurrence, measures); the things to avoid can only
/// take marks away, because saying nothing harmful is not yet an answer. An objection that probes only
/// things to avoid ("Are you going to leave if I say no?") is answered by substance: full marks from
/// `fullAnswerWords` words, so "no" alone earns little.
public enum AnswerScorer {
    public static let fullAnswerWords = 25
    /// An answer that crosses a red line scores at most this, however much else it says.
    public static let redLineCap = 20.0

    /// `question`: the book and the id of the question the objection is (`Objection.question`), if it is one.
    /// `earlier`: what was already said to the same objection (the answer before the boss's follow-up). It still
    /// answers the objection, so the two are read together for what they say; what to avoid is read in `answer`
    /// alone, because the earlier answer's flags were its own: a calm follow-up is not flagged for the threat before
    /// it.
    public static func score(
        _ answer: String, after earlier: String? = nil, probes: [String], rubrics: [Rubric],
        question: (book: QuestionBook, id: String)? = nil
    ) -> AnswerScore {
        let asked = question.flatMap { question in
            question.book.rubrics.first { $0.id == QuestionBook.questionsID }.map { book -> Rubric in
                var own = book
                own.criteria = book.criteria.filter { $0.id == question.id }
                return own
            }
        }
        let said = [earlier, answer].compactMap { $0 }.joined(separator: "\n")
        let card = Scorer.score(said, rubrics: rubrics + (asked.map { [$0] } ?? []))
        let spoken = earlier == nil ? card : Scorer.score(answer, rubrics: rubrics)
        let answersTheQuestion = card.rubrics.first { $0.id == QuestionBook.questionsID }?.criteria.first
        var earning: [CriterionScore] = []
        var guarding: [CriterionScore] = []
        for probe in probes {
            let parts = probe.split(separator: "/").map(String.init)
            guard parts.count == 2, let rubric = rubrics.first(where: { $0.id == parts[0] }),
                let criterion = rubric.criteria.first(where: { $0.id == parts[1] }),
                let scored = card.rubrics.first(where: { $0.id == rubric.id })?.criteria.first(where: {
                    $0.id == criterion.id
                })
            else { continue }
            if criterion.kind == .avoid {
                guarding += spoken.rubrics.first { $0.id == rubric.id }?.criteria.filter { $0.id == criterion.id } ?? []
            } else {
                earning.append(scored)
            }
        }
        // Probes the rubrics in use do not have (a user's own set): nothing to score the answer on.
        guard !earning.isEmpty || !guarding.isEmpty else {
            return AnswerScore(score: 0, strong: [], weak: [], tooShort: false)
        }
        let substance = min(1, Double(card.readability.words) / Double(fullAnswerWords))
        var earned = earning.isEmpty ? substance : earning.map(\.score).reduce(0, +) / Double(earning.count)
        if let own = answersTheQuestion { earned = max(earned, own.score) }
        if earlier != nil {
            // A follow-up must say something itself: what it earns alone, or its own length, caps what the two
            // answers earn together, so "Okay." after a threat does not score as the whole of an answer.
            let ownWords = min(1, Double(spoken.readability.words) / Double(fullAnswerWords))
            let ownEarned =
                earning.compactMap { scored in
                    spoken.rubrics.flatMap(\.criteria).first { $0.id == scored.id }?.score
                }.max() ?? 0
            earned = min(earned, max(ownWords, ownEarned))
        }
        // Every thing to avoid counts against the answer, probed or not: bridge risk is always scored.
        let avoided = spoken.rubrics.flatMap { rubric in
            rubric.criteria.filter { c in
                rubrics.first { $0.id == rubric.id }?.criteria.first { $0.id == c.id }?.kind == .avoid
            }
            .map { (rubric.id + "/" + $0.id, $0) }
        }
        let flagged = avoided.filter { $0.1.findings.contains { !$0.isFaint } }
        let kept = (guarding.map(\.score) + flagged.map(\.1.score)).min() ?? 1
        var score = 100 * earned * kept
        if !spoken.redLines.isEmpty { score = min(score, redLineCap) }
        var result = AnswerScore(
            score: score,
            strong: earning.filter { $0.score >= 0.5 } + (earned >= 0.5 ? guarding.filter { $0.score >= 0.999 } : [])
                + [answersTheQuestion].compactMap { $0 }.filter { $0.score >= 0.5 },
            // An answer that answers the question itself is not told what else the question probes.
            weak: (answersTheQuestion.map { $0.score >= 0.5 } == true ? [] : earning.filter { $0.score < 0.5 })
                + guarding.filter { $0.score < 0.999 },
            tooShort: earning.isEmpty && substance < 0.5)
        result.flags = flagged.map(\.0)
        result.crossesRedLine = !spoken.redLines.isEmpty
        return result
    }
}
