import Foundation
import Yams

/// The questions a boss will ask about a career move, per situation, and the sentences that answer them
/// (`Prompts/boss-questions.yaml`). Each situation and each question is a criterion taught by its examples, as the
/// rubrics' criteria are, so the same sentence-vector heads infer the situation and recognise an answer.
public struct QuestionBook: Sendable {
    /// One criterion per situation (`lateral`, `step-down`, …): sentences that reveal it.
    public var situations: Rubric
    /// One criterion per question: its `name` is the question, its examples the answers and near misses.
    public var questions: Rubric
    /// Question id → the situations it is asked in.
    public var askedIn: [String: [String]]
    /// Question id → the rubric criteria (`rubric/criterion`) a rehearsed answer to it is scored on.
    public var probes: [String: [String]] = [:]
    /// Question id → rubric criteria whose clear evidence in the draft answers it too ("Who takes over your team?"
    /// is answered by a named successor, whether or not the question's own examples recognise the sentence).
    public var answeredBy: [String: [String]] = [:]

    public static let situationsID = "situations", questionsID = "boss-questions"

    /// Whether a scoring key (`rubric/criterion`) belongs to the book rather than to a rubric.
    static func reads(key: String) -> Bool {
        key.hasPrefix(situationsID + "/") || key.hasPrefix(questionsID + "/")
    }

    /// The two rubrics the heads read, for training and scoring alongside the draft's rubrics.
    public var rubrics: [Rubric] { [situations, questions] }

    public init(situations: Rubric, questions: Rubric, askedIn: [String: [String]]) {
        self.situations = situations
        self.questions = questions
        self.askedIn = askedIn
    }

    /// Reads the YAML with the rubrics' file:line:column errors.
    public static func load(yaml: String, file: String) throws -> QuestionBook {
        var reader = RubricLoader.Loader(file: file)
        let root: Node?
        do { root = try Yams.compose(yaml: yaml, .basic) } catch let error as YamlError {
            throw reader.syntaxError(error)
        }
        guard let root else {
            throw LocatedError(
                file: file, line: 1, column: 1, message: "empty file; expected `situations` and `boss-questions`")
        }
        let top = try reader.fields(root, allowed: ["situations", "boss-questions"], what: "a boss-questions file")
        guard let situationList = top["situations"], let questionList = top["boss-questions"] else {
            throw reader.fail(root, "a boss-questions file needs `situations` and `boss-questions`")
        }
        func criterion(id: String, name: String, shows: [String], misses: [String]) -> Criterion {
            Criterion(
                id: id, name: name, weight: 1, advice: name, template: nil,
                examples: shows.map { CriterionExample(meets: true, text: $0) }
                    + misses.map { CriterionExample(meets: false, text: $0) },
                kind: .evidence, matchers: [PhraseMatcher()], target: 1, penalty: 0.5, metric: nil, low: 0, high: 1)
        }
        var situationCriteria: [Criterion] = []
        for node in try reader.items(situationList, what: "situations") {
            let f = try reader.fields(node, allowed: ["id", "name", "examples"], what: "a situation")
            guard let id = try reader.string(f, "id", in: node, what: "a situation") else {
                throw reader.fail(node, "a situation needs `id`")
            }
            let name = try reader.string(f, "name", in: node, what: "situation `\(id)`") ?? id
            guard let examples = f["examples"] else { throw reader.fail(node, "situation `\(id)` needs `examples`") }
            situationCriteria.append(
                criterion(id: id, name: name, shows: try reader.strings(examples, key: "examples").map(\.0), misses: [])
            )
        }
        let known = Set(situationCriteria.map(\.id))
        var questionCriteria: [Criterion] = []
        var askedIn: [String: [String]] = [:]
        var probes: [String: [String]] = [:]
        var answeredBy: [String: [String]] = [:]
        for node in try reader.items(questionList, what: "questions") {
            let f = try reader.fields(
                node, allowed: ["id", "question", "situations", "probes", "answered-by", "answers", "near-misses"],
                what: "a question")
            guard let id = try reader.string(f, "id", in: node, what: "a question") else {
                throw reader.fail(node, "a question needs `id`")
            }
            guard let question = try reader.string(f, "question", in: node, what: "question `\(id)`") else {
                throw reader.fail(node, "question `\(id)` needs `question`")
            }
            guard let situations = f["situations"], let answers = f["answers"] else {
                throw reader.fail(node, "question `\(id)` needs `situations` and `answers`")
            }
            let asked = try reader.strings(situations, key: "situations")
            for (situation, place) in asked where !known.contains(situation) {
                throw reader.fail(
                    place, "unknown situation `\(situation)` (known: \(known.sorted().joined(separator: ", ")))")
            }
            askedIn[id] = asked.map(\.0)
            probes[id] = try f["probes"].map { try reader.strings($0, key: "probes").map(\.0) } ?? []
            answeredBy[id] = try f["answered-by"].map { try reader.strings($0, key: "answered-by").map(\.0) } ?? []
            let near = try f["near-misses"].map { try reader.strings($0, key: "near-misses").map(\.0) } ?? []
            questionCriteria.append(
                criterion(
                    id: id, name: question, shows: try reader.strings(answers, key: "answers").map(\.0), misses: near))
        }
        let fingerprint = fnv1a(yaml)
        var book = QuestionBook(
            situations: Rubric(
                id: situationsID, name: "Situations", summary: "", weight: 0, criteria: situationCriteria, source: file,
                levels: nil, fingerprint: fingerprint),
            questions: Rubric(
                id: questionsID, name: "The boss's questions", summary: "", weight: 0, criteria: questionCriteria,
                source: file, levels: nil, fingerprint: fingerprint),
            askedIn: askedIn)
        book.probes = probes
        book.answeredBy = answeredBy
        return book
    }

    /// The book with its situations and questions taught by their examples (and the neutral sentences of `others`).
    public func trained(with others: [Rubric] = []) -> QuestionBook {
        var neutral = Rubric(
            id: "neutral-only", name: "", summary: "", weight: 0, criteria: [], source: "", levels: nil, fingerprint: ""
        )
        neutral.neutral = others.flatMap(\.neutral)
        var taught = CriterionTraining.train(rubrics + [neutral], only: [Self.situationsID, Self.questionsID])
        // A question's evidence never says what it reads like: its examples' vectors need not be carried.
        for r in 0..<2 { for c in taught[r].criteria.indices { taught[r].criteria[c].showingVectors = nil } }
        var book = QuestionBook(situations: taught[0], questions: taught[1], askedIn: askedIn)
        book.probes = probes
        book.answeredBy = answeredBy
        return book
    }

    public func encode() -> [UInt8] {
        var out = ArchiveWriter()
        out.bytes = RubricArchive.encode(rubrics)
        var meta = ArchiveWriter()
        meta.int(askedIn.count)
        for (id, situations) in askedIn.sorted(by: { $0.key < $1.key }) {
            meta.string(id)
            meta.int(situations.count)
            for situation in situations { meta.string(situation) }
            for list in [probes[id] ?? [], answeredBy[id] ?? []] {
                meta.int(list.count)
                for item in list { meta.string(item) }
            }
        }
        var header = ArchiveWriter()
        header.int(out.bytes.count)
        return header.bytes + out.bytes + meta.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> QuestionBook {
        var input = ArchiveReader(bytes: bytes)
        let length = try input.count()
        let rubrics = try RubricArchive.decode(Array(try input.raw(length)))
        guard rubrics.count == 2 else { throw RubricArchive.DecodeError() }
        var askedIn: [String: [String]] = [:]
        var probes: [String: [String]] = [:]
        var answeredBy: [String: [String]] = [:]
        for _ in 0..<(try input.count()) {
            let id = try input.string()
            askedIn[id] = try (0..<input.count()).map { _ in try input.string() }
            probes[id] = try (0..<input.count()).map { _ in try input.string() }
            answeredBy[id] = try (0..<input.count()).map { _ in try input.string() }
        }
        var book = QuestionBook(situations: rubrics[0], questions: rubrics[1], askedIn: askedIn)
        book.probes = probes
        book.answeredBy = answeredBy
        return book
    }

    /// The situation a draft reads as: the one whose strongest sentence is strongest (nil when none is found).
    public func situation(in scores: [RubricScore]) -> String? {
        guard let found = scores.first(where: { $0.id == Self.situationsID }) else { return nil }
        return found.criteria.compactMap { c in c.findings.map(\.strength).max().map { (c.id, $0) } }.max {
            $0.1 < $1.1
        }?.0
    }

    /// The questions of `situation`, each answered or not by the draft's sentences (`scores` holds the book's
    /// rubrics scored on the draft).
    public func questions(for situation: String, in scores: [RubricScore], card: [RubricScore] = []) -> [BossQuestion] {
        let found = scores.first { $0.id == Self.questionsID }
        return questions.criteria.filter { askedIn[$0.id]?.contains(situation) ?? false }.map { criterion in
            var evidence = found?.criteria.first { $0.id == criterion.id }?.findings.filter { !$0.isFaint } ?? []
            let answering = (answeredBy[criterion.id] ?? []).compactMap { probe -> CriterionScore? in
                let parts = probe.split(separator: "/").map(String.init)
                guard parts.count == 2 else { return nil }
                return card.first { $0.id == parts[0] }?.criteria.first { $0.id == parts[1] }
            }
            // A question a rubric criterion answers is the criterion's to read by meaning: the report must not call
            // "And if I say no?" answered while its fixes ask for a fallback. The question's own phrases still count.
            if !answering.isEmpty { evidence = evidence.filter { $0.source == .phrase } }
            for scored in answering { evidence += scored.findings.filter { !$0.isFaint && !$0.isPenalty } }
            evidence.sort { ($0.span.line, $0.span.column) < ($1.span.line, $1.span.column) }
            return BossQuestion(
                id: criterion.id, question: criterion.name, answered: !evidence.isEmpty, evidence: evidence)
        }
    }
}

/// One question the boss will ask, and the sentences of the draft that answer it.
public struct BossQuestion: Equatable, Sendable {
    public var id: String
    public var question: String
    public var answered: Bool
    public var evidence: [Finding]
    public init(id: String, question: String, answered: Bool, evidence: [Finding]) {
        self.id = id
        self.question = question
        self.answered = answered
        self.evidence = evidence
    }
}

extension QuestionBook {
    /// The open questions of a scored draft as objections to rehearse: the question in the boss's voice, the
    /// criteria it probes, and the first answer its examples give as the model answer.
    public func objections(for card: ScoreCard) -> [Objection] {
        card.questions.filter { !$0.answered }.compactMap { question in
            guard let criterion = questions.criteria.first(where: { $0.id == question.id }) else { return nil }
            var objection = Objection(
                id: "question/" + question.id, text: question.question, kinds: [], probes: probes[question.id] ?? [],
                goodAnswer: criterion.examples.first(where: \.meets)?.text ?? question.question)
            objection.question = question.id
            return objection
        }
    }
}
