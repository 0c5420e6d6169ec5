import Foundation
import Yams

/// Reads one rubric file. Every refusal names the file, line and column and what was expected,
/// because the people who edit these files are writers, not programmers.
public enum RubricLoader {
    /// The longest phrase a rubric may give, in words once its lexicons are filled in (the built-ins need 8).
    public static let phraseWordLimit = 24
    static let rubricKeys = [
        "id", "name", "summary", "weight", "weight-by-situation", "aggregate", "levels", "lexicons", "criteria",
        "neutral",
    ]
    /// The keys of a criterion: those of every kind, then each kind's own (`CriterionRules.keys`).
    static let criterionKeys: [String] = CriterionKind.allCases.reduce(
        [
            "id", "name", "kind", "weight", "weight-by-situation", "advice", "template", "template-by-situation",
            "examples", "negation", "threshold", "full-at",
        ]
    ) { keys, kind in keys + kind.rules.keys.filter { !keys.contains($0) } }
    /// Guards against alias bombs and absurd files: a rubric is a few hundred nodes.
    static let nodeLimit = 100_000

    public static func load(yaml: String, file: String) throws -> Rubric {
        var loader = Loader(file: file)
        let root: Node?
        do {
            // The basic resolver: every scalar stays text (we parse numbers ourselves), and no regex runs per scalar.
            root = try Yams.compose(yaml: yaml, .basic)
        } catch let error as YamlError {
            throw loader.syntaxError(error)
        } catch {
            throw LocatedError(file: file, message: "not valid YAML (\(error))")
        }
        guard let root else {
            throw LocatedError(
                file: file, line: 1, column: 1, message: "empty file; expected a rubric (id, name, criteria)")
        }
        return try loader.rubric(root, text: yaml)
    }

    struct Loader {
        let file: String
        var visited = 0
        /// Phrase words repeat across a rubric ("the", "team"): tokenise each distinct one once.
        var wordCache: [Substring: [PhraseToken]] = [:]

        func fail(_ node: Node?, _ message: String) -> LocatedError {
            LocatedError(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message)
        }

        func syntaxError(_ error: YamlError) -> LocatedError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                let detail = context.map { "\(problem) (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? problem
                return LocatedError(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(detail)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                return LocatedError(
                    file: file, line: context.mark.line, column: context.mark.column,
                    message: "duplicate key \(duplicates.map { "`\($0)`" }.joined(separator: ", "))")
            case .reader(let problem, _, _, _):
                return LocatedError(file: file, message: "YAML: \(problem)")
            default:
                return LocatedError(file: file, message: "YAML: \(error)")
            }
        }

        mutating func count(_ node: Node) throws {
            visited += 1
            if visited > RubricLoader.nodeLimit {
                throw fail(node, "too many YAML nodes (over \(RubricLoader.nodeLimit)); a rubric is a few hundred")
            }
        }

        /// The mapping's entries by key, refusing unknown keys by name.
        mutating func fields(_ node: Node, allowed: [String], what: String) throws -> [String: Node] {
            try count(node)
            guard case .mapping(let mapping) = node else { throw fail(node, "expected a mapping of keys for \(what)") }
            var result: [String: Node] = [:]
            for (key, value) in mapping {
                try count(key)
                guard case .scalar(let scalar) = key else { throw fail(key, "expected a key name in \(what)") }
                guard allowed.contains(scalar.string) else {
                    throw fail(
                        key,
                        "unknown key `\(scalar.string)` in \(what) (expected one of: \(allowed.joined(separator: ", ")))"
                    )
                }
                result[scalar.string] = value
            }
            return result
        }

        func string(_ fields: [String: Node], _ key: String, in parent: Node, what: String, required: Bool = true)
            throws -> String?
        {
            guard let node = fields[key] else {
                if required { throw fail(parent, "\(what) needs `\(key)`") }
                return nil
            }
            guard case .scalar(let scalar) = node,
                node.tag.description != Tag.Name.null.rawValue || !scalar.string.isEmpty
            else {
                throw fail(node, "expected text for `\(key)`")
            }
            let value = try plain(scalar.string, node, key: key).trimmed
            if required && value.isEmpty { throw fail(node, "`\(key)` is empty") }
            return value
        }

        /// Text as the YAML decoded it, refused when it holds a control character: an escape written in the file
        /// (`"\e[31m"`, `"\x9b"`) passes the check of the file's bytes and would reach the terminal from every listing.
        func plain(_ value: String, _ node: Node, key: String) throws -> String {
            guard let bad = value.unicodeScalars.first(where: { $0.isControlOrBidi && $0 != "\t" && $0 != "\n" }) else {
                return value
            }
            throw fail(
                node,
                "`\(key)` holds a control character (\(String(bad).visibleControls(singleLine: true))); "
                    + "a rubric's text is plain text")
        }

        /// `weight-by-situation`: a mapping of situation ids to weights from 0 to 1000 (a rubric's in the overall, or
        /// a criterion's in its rubric).
        mutating func situationWeights(_ f: [String: Node]) throws -> [String: Double] {
            try bySituation(f, "weight-by-situation", of: "weights") { value, _ in
                guard case .scalar(let scalar) = value, let number = Double(scalar.string), number.isFinite,
                    (0...1000).contains(number)
                else { return (nil, "`weight-by-situation`: expected a number from 0 to 1000") }
                return (number, "")
            }
        }

        /// `template-by-situation`: a mapping of situation ids to a criterion's template in that situation.
        mutating func situationTemplates(_ f: [String: Node]) throws -> [String: String] {
            try bySituation(f, "template-by-situation", of: "templates") { value, situation in
                guard case .scalar(let scalar) = value, !scalar.string.isEmpty else {
                    return (nil, "`template-by-situation`: expected a template (text) for `\(situation)`")
                }
                return (scalar.string, "")
            }
        }

        /// A mapping of situation ids to values under `key`; `read` gives a value, or nil and what is wrong with it.
        mutating func bySituation<Value>(
            _ f: [String: Node], _ key: String, of what: String,
            _ read: (Node, String) -> (Value?, String)
        ) throws -> [String: Value] {
            var values: [String: Value] = [:]
            guard let node = f[key] else { return values }
            try count(node)
            guard case .mapping(let mapping) = node else {
                throw fail(node, "expected a mapping of situations to \(what) for `\(key)`")
            }
            for (name, value) in mapping {
                guard case .scalar(let situation) = name, Self.isIdentifier(situation.string) else {
                    throw fail(name, "expected a situation id (lowercase letters, digits and '-')")
                }
                let (parsed, problem) = read(value, situation.string)
                guard let parsed else { throw fail(value, problem) }
                values[situation.string] = parsed
            }
            return values
        }

        func number(
            _ fields: [String: Node], _ key: String, default value: Double, range: ClosedRange<Double>,
            rangeText: String
        ) throws -> Double {
            guard let node = fields[key] else { return value }
            guard case .scalar(let scalar) = node, let number = Double(scalar.string), number.isFinite else {
                throw fail(node, "expected a number for `\(key)`")
            }
            guard range.contains(number) else {
                throw fail(node, "`\(key)` must be \(rangeText), not \(scalar.string)")
            }
            return number
        }

        mutating func strings(_ node: Node, key: String) throws -> [(String, Node)] {
            try count(node)
            guard case .sequence(let sequence) = node else { throw fail(node, "expected a list for `\(key)`") }
            return try sequence.map { item in
                try count(item)
                guard case .scalar(let scalar) = item, !scalar.string.trimmed.isEmpty else {
                    throw fail(item, "expected a non-empty text item in `\(key)`")
                }
                return (try plain(scalar.string, item, key: key), item)
            }
        }

        mutating func rubric(_ root: Node, text: String) throws -> Rubric {
            let f = try fields(root, allowed: RubricLoader.rubricKeys, what: "the rubric")
            guard let id = try string(f, "id", in: root, what: "the rubric"),
                Self.isIdentifier(id)
            else {
                throw fail(f["id"] ?? root, "`id` must be lowercase letters, digits and '-' (e.g. bridge-risk)")
            }
            let name = try string(f, "name", in: root, what: "the rubric") ?? id
            let summary = try string(f, "summary", in: root, what: "the rubric", required: false) ?? ""
            let weight = try number(f, "weight", default: 1, range: 0.000001...1000, rangeText: "a positive number")
            var levels: RiskThresholds?
            if let node = f["levels"] {
                let l = try fields(node, allowed: ["low", "medium"], what: "`levels`")
                let low = try number(l, "low", default: 80, range: 0...100, rangeText: "between 0 and 100")
                let medium = try number(l, "medium", default: 50, range: 0...100, rangeText: "between 0 and 100")
                guard medium <= low else {
                    throw fail(node, "`levels`: `medium` (\(medium)) must not be above `low` (\(low))")
                }
                levels = RiskThresholds(low: low, medium: medium)
            }
            let situationWeights = try situationWeights(f)
            var lexicons: [String: [[PhraseToken]]] = [:]
            // Each lexicon's entries as written too: a metric's word lists compare them with the draft's words.
            var lexiconWords: [String: [String]] = [:]
            if let node = f["lexicons"] {
                try count(node)
                guard case .mapping(let mapping) = node else {
                    throw fail(node, "expected a mapping of lexicon names to word lists for `lexicons`")
                }
                for (key, value) in mapping {
                    guard case .scalar(let scalar) = key else { throw fail(key, "expected a lexicon name") }
                    if TokenClass(rawValue: scalar.string) != nil {
                        throw fail(key, "`\(scalar.string)` is a built-in word class; pick another lexicon name")
                    }
                    let entries = try strings(value, key: scalar.string)
                    lexiconWords[scalar.string] = entries.map(\.0)
                    lexicons[scalar.string] = try entries.map { entry, node in
                        let tokens = words(entry)
                        guard !tokens.isEmpty else { throw fail(node, "lexicon entry has no words") }
                        return tokens
                    }
                }
            }
            guard let criteriaNode = f["criteria"] else { throw fail(root, "the rubric needs `criteria` (a list)") }
            try count(criteriaNode)
            guard case .sequence(let list) = criteriaNode, !list.isEmpty else {
                throw fail(criteriaNode, "expected a non-empty list of criteria for `criteria`")
            }
            var criteria: [Criterion] = []
            for item in list {
                let criterion = try self.criterion(item, lexicons: lexicons, lexiconWords: lexiconWords)
                if criteria.contains(where: { $0.id == criterion.id }) {
                    throw fail(item, "criterion id `\(criterion.id)` is used twice")
                }
                criteria.append(criterion)
            }
            var rubric = Rubric(
                id: id, name: name, summary: summary, weight: weight, criteria: criteria, source: file,
                levels: levels, fingerprint: fnv1a(text))
            if let node = f["neutral"] { rubric.neutral = try strings(node, key: "neutral").map(\.0) }
            rubric.situationWeights = situationWeights
            if let node = f["aggregate"] {
                guard case .scalar(let scalar) = node, let aggregation = Aggregation(rawValue: scalar.string) else {
                    throw fail(
                        node,
                        "`aggregate` takes one of: "
                            + Aggregation.allCases.map(\.rawValue).joined(separator: ", "))
                }
                rubric.aggregation = aggregation
            }
            return rubric
        }

        /// Lowercase letters, digits and '-', starting with a letter or digit (no regex: it costs start-up time).
        static func isIdentifier(_ id: String) -> Bool {
            guard let first = id.unicodeScalars.first, first != "-" else { return false }
            return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }

        /// A phrase's literal words, tokenised exactly as a text is, so "don't" in a rubric matches "don't" in a draft.
        /// A word written apart from its owner, as in "{org} 's goals", reads as the draft's "team's" does.
        mutating func words(_ text: String) -> [PhraseToken] {
            text.split(whereSeparator: { $0 == " " || $0 == "\t" }).flatMap { chunk -> [PhraseToken] in
                if let cached = wordCache[chunk] { return cached }
                let result: [PhraseToken]
                let word = chunk.lowercased().map { $0 == "’" ? "'" : $0 }
                if chunk.allSatisfy({ $0.isASCII && $0.isLetter }) {
                    result = [.word(Morphology.stem(String(word)))]
                } else if word.first == "'", let part = Morphology.expand("x" + String(word)).last,
                    part != String(word.dropFirst())
                {
                    result = [.word(Morphology.stem(part))]
                } else {
                    result = TextDocument(String(chunk)).tokens.map { .word($0.stem) }
                }
                wordCache[chunk] = result
                return result
            }
        }

        mutating func phrase(_ text: String, node: Node, lexicons: [String: [[PhraseToken]]]) throws
            -> [[[PhraseToken]]]
        {
            var positions: [[[PhraseToken]]] = []
            // A lone "*" is any one word, as `{any}` is (the tokenizer would drop it as punctuation).
            let spelled = text.split(separator: " ", omittingEmptySubsequences: false)
                .map { $0 == "*" ? "{any}" : String($0) }.joined(separator: " ")
            var rest = Substring(spelled)
            while !rest.isEmpty {
                if let open = rest.firstIndex(of: "{") {
                    let literal = rest[..<open]
                    positions += words(String(literal)).map { [[$0]] }
                    guard let close = rest[open...].firstIndex(of: "}") else {
                        throw fail(node, "unclosed `{` in phrase “\(text)”")
                    }
                    let slot = rest[rest.index(after: open)..<close].trimmed
                    if let kind = TokenClass(rawValue: slot) {
                        positions.append([[.slot(kind)]])
                    } else if let entries = lexicons[slot] {
                        positions.append(entries)
                    } else {
                        let known = (TokenClass.allCases.map(\.rawValue) + lexicons.keys.sorted()).joined(
                            separator: ", ")
                        throw fail(node, "unknown `{\(slot)}` in phrase “\(text)” (expected one of: \(known))")
                    }
                    rest = rest[rest.index(after: close)...]
                } else {
                    positions += words(String(rest)).map { [[$0]] }
                    rest = ""
                }
            }
            // Wildcards alone would match every word: a phrase needs one word of its own.
            guard positions.contains(where: { $0 != [[.slot(.any)]] }) else {
                throw fail(node, "phrase “\(text)” has no words")
            }
            // A bound on a phrase's length keeps matching linear in the text: each word starts at most one
            // walk of at most this many steps.
            let length = positions.reduce(0) { $0 + ($1.map(\.count).max() ?? 0) }
            guard length <= RubricLoader.phraseWordLimit else {
                throw fail(
                    node,
                    "phrase of \(length) words is too long (at most \(RubricLoader.phraseWordLimit)); "
                        + "a criterion recognises a long thought by its examples")
            }
            return positions
        }

        mutating func matcher(_ node: Node, key: String, lexicons: [String: [[PhraseToken]]], negation: Bool) throws
            -> PhraseMatcher
        {
            var matcher = PhraseMatcher()
            matcher.respectNegation = negation
            let items = try strings(node, key: key)
            guard !items.isEmpty else { throw fail(node, "`\(key)` is empty; give at least one phrase") }
            for (text, item) in items {
                do { try matcher.insert(try phrase(text, node: item, lexicons: lexicons)) } catch is PhraseMatcher
                    .BuildError
                {
                    throw fail(
                        item,
                        "phrases expand to too many word paths (over \(PhraseMatcher.nodeLimit)); shorten the lexicons")
                }
            }
            return matcher
        }

        mutating func criterion(
            _ node: Node, lexicons: [String: [[PhraseToken]]], lexiconWords: [String: [String]]
        ) throws -> Criterion {
            let f = try fields(node, allowed: RubricLoader.criterionKeys, what: "a criterion")
            guard let id = try string(f, "id", in: node, what: "a criterion"),
                Self.isIdentifier(id)
            else {
                throw fail(f["id"] ?? node, "criterion `id` must be lowercase letters, digits and '-'")
            }
            let what = "criterion `\(id)`"
            let name = try string(f, "name", in: node, what: what) ?? id
            guard let kindText = try string(f, "kind", in: node, what: what) else {
                throw fail(node, "\(what) needs `kind`")
            }
            guard let kind = CriterionKind(rawValue: kindText) else {
                throw fail(
                    f["kind"],
                    "unknown kind `\(kindText)` "
                        + "(expected one of: \(CriterionKind.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            let rules = kind.rules
            let weight = try number(f, "weight", default: 1, range: 0.000001...1000, rangeText: "a positive number")
            let advice = try string(f, "advice", in: node, what: what) ?? ""
            let template = try string(f, "template", in: node, what: what, required: false)
            var negation = true
            if let n = try string(f, "negation", in: node, what: what, required: false) {
                guard ["respect", "ignore"].contains(n) else {
                    throw fail(f["negation"], "`negation` is `respect` or `ignore`")
                }
                negation = n == "respect"
            }
            var criterion = Criterion(
                id: id, name: name, weight: weight, advice: advice, template: template, examples: [],
                kind: kind, matchers: [], target: 1, penalty: 0.5, metric: nil, low: 0, high: 1)
            criterion.situationWeights = try situationWeights(f)
            criterion.situationTemplates = try situationTemplates(f)
            // The kind's own keys: its phrases, groups or metric.
            let entry = CriterionEntry(
                node: node, fields: f, what: what, lexicons: lexicons, lexiconWords: lexiconWords, negation: negation)
            try rules.load(&criterion, from: entry, loader: &self)
            let defaults = criterion.metric?.type.defaults ?? (low: 0, high: 1)
            criterion.low = try number(f, "low", default: defaults.low, range: 0...1_000_000, rangeText: "zero or more")
            criterion.high = try number(
                f, "high", default: defaults.high, range: 0...1_000_000, rangeText: "zero or more")
            if criterion.metric != nil && criterion.high <= criterion.low {
                throw fail(f["high"] ?? node, "`high` must be above `low`")
            }
            criterion.target = try number(
                f, "target", default: 1, range: 0.000001...1000, rangeText: "a positive number")
            criterion.penalty = try number(
                f, "penalty", default: 0.5, range: 0.000001...1, rangeText: "above 0 and at most 1")
            var examples: [CriterionExample] = []
            if let e = f["examples"] {
                let ef = try fields(e, allowed: ["meets", "misses"], what: "`examples`")
                for (key, meets) in [("meets", true), ("misses", false)] {
                    if let list = ef[key] {
                        examples += try strings(list, key: key).map { CriterionExample(meets: meets, text: $0.0) }
                    }
                }
            }
            guard !examples.isEmpty else {
                throw fail(f["examples"] ?? node, "\(what) needs `examples` with `meets` and/or `misses` texts")
            }
            criterion.examples = examples
            criterion.threshold = try number(
                f, "threshold", default: rules.defaultThreshold, range: 0.01...0.99,
                rangeText: "between 0.01 and 0.99")
            criterion.creditPower = rules.defaultCreditPower
            if f["full-at"] != nil {
                criterion.fullStrength = try number(
                    f, "full-at", default: 1, range: 0.02...2, rangeText: "a strength between 0.02 and 2")
                guard criterion.fullStrength > criterion.threshold else {
                    throw fail(f["full-at"], "`full-at` must be above `threshold`")
                }
            }
            // Keys of some kinds only, refused by name on the others.
            if f["within-first"] != nil {
                guard rules.keys.contains("within-first") else {
                    throw fail(f["within-first"], "`within-first` belongs to an evidence criterion")
                }
                criterion.withinFirst = Int(
                    try number(
                        f, "within-first", default: 2, range: 1...1000,
                        rangeText: "a whole number of sentences, 1 or more"))
            }
            if let node = f["unless"] {
                guard rules.keys.contains("unless") else {
                    throw fail(node, "`unless` belongs to a criterion that reads sentences, not a metric")
                }
                criterion.unless = try matcher(node, key: "unless", lexicons: lexicons, negation: false)
            }
            if f["red-line"] != nil {
                guard rules.keys.contains("red-line") else {
                    throw fail(f["red-line"], "`red-line` belongs to a criterion of kind avoid")
                }
                criterion.redLine = try number(
                    f, "red-line", default: 0.5, range: 0.01...1, rangeText: "between 0.01 and 1")
            }
            for key in Metrics.wordListKeys {
                guard let list = f[key] else { continue }
                guard let metric = criterion.metric, metric.type.wordListKeys.contains(key) else {
                    let readers = Metrics.all.filter { $0.wordListKeys.contains(key) }.map { $0.name }
                    throw fail(list, "`\(key)` belongs to a criterion of metric \(readers.joined(separator: ", "))")
                }
                criterion.wordLists[key] = try wordList(list, key: key, lexiconWords: lexiconWords)
            }
            return criterion
        }

        /// A metric's word list: words compared with the draft's words as they are written (lowercased, `’` as
        /// `'`), one each, or `{lexicon}` for all of a lexicon's.
        mutating func wordList(_ node: Node, key: String, lexiconWords: [String: [String]]) throws -> Set<String> {
            var words: Set<String> = []
            for (entry, item) in try strings(node, key: key) {
                let text = entry.trimmed
                if text.hasPrefix("{"), text.hasSuffix("}") {
                    let name = String(text.dropFirst().dropLast()).trimmed
                    guard let entries = lexiconWords[name] else {
                        let known = lexiconWords.keys.sorted().joined(separator: ", ")
                        throw fail(item, "unknown lexicon `{\(name)}` in `\(key)` (known: \(known))")
                    }
                    for word in entries { words.insert(try oneWord(word, item, key: key)) }
                } else {
                    words.insert(try oneWord(text, item, key: key))
                }
            }
            return words
        }

        func oneWord(_ text: String, _ node: Node, key: String) throws -> String {
            let word = text.trimmed
            guard !word.isEmpty, !word.contains(where: \.isWhitespace) else {
                throw fail(node, "`\(key)` takes one word an entry, not “\(text)”")
            }
            return String(word.lowercased().map { $0 == "’" ? "'" : $0 })
        }
    }
}
