import Foundation
import SentenceVectors

/// Rubrics compiled once, at build time, into bytes the binary carries: parsing the YAML and building
/// the phrase tries was most of a one-page `pitchcoach score` (6 of 16 ms), and decoding this takes a
/// fraction of a millisecond. The YAML stays the source of truth: the build writes this from it, and
/// a rubric is taken from here only when its fingerprint matches the text it was compiled from.
///
/// The format is private to one build (the same binary writes and reads it): unsigned LEB128 integers,
/// doubles as their bit pattern, strings as a length and UTF-8 bytes.
public enum RubricArchive {
    /// "pcrb", format 7 (heads, examples apart, situation weights of rubrics and criteria, criteria's templates by
    /// situation, metrics' word lists).
    static let magic: UInt64 = 0x7063_7262_0007

    /// The rubrics in one blob: the scoring part, then the example section (`parts` keeps them apart).
    public static func encode(_ rubrics: [Rubric]) -> [UInt8] {
        let (core, entries) = parts(rubrics)
        var out = ArchiveWriter()
        out.int(core.count)
        var section = ArchiveWriter()
        for entry in entries {
            section.int(entry.count)
            section.bytes += entry
        }
        return out.bytes + core + section.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> [Rubric] {
        var input = ArchiveReader(bytes: bytes)
        let length = try input.count()
        let core = Array(try input.raw(length))
        return try decode(core: core, examples: ExampleSection(joined: Array(bytes[input.offset...])))
    }

    /// The scoring part (metadata, phrases, heads) and the example section (examples, neutral sentences, the
    /// examples' vectors): a run that only scores decodes the first, and the second when it is first needed.
    public static func parts(_ rubrics: [Rubric]) -> (core: [UInt8], examples: [[UInt8]]) {
        var section = ExampleSection.Writer()
        var out = ArchiveWriter()
        out.int(magic)
        out.int(rubrics.count)
        for rubric in rubrics {
            out.string(rubric.id)
            out.string(rubric.name)
            out.string(rubric.summary)
            out.double(rubric.weight)
            out.string(rubric.source)
            out.string(rubric.fingerprint)
            out.bool(rubric.levels != nil)
            if let levels = rubric.levels {
                out.double(levels.low)
                out.double(levels.medium)
            }
            out.string(rubric.aggregation.rawValue)
            out.int(rubric.situationWeights.count)
            for (situation, weight) in rubric.situationWeights.sorted(by: { $0.key < $1.key }) {
                out.string(situation)
                out.double(weight)
            }
            out.int(section.add(neutral: rubric.neutral))
            out.int(rubric.criteria.count)
            for c in rubric.criteria {
                out.string(c.id)
                out.string(c.name)
                out.double(c.weight)
                out.int(c.situationWeights.count)
                for (situation, weight) in c.situationWeights.sorted(by: { $0.key < $1.key }) {
                    out.string(situation)
                    out.double(weight)
                }
                out.string(c.advice)
                out.bool(c.template != nil)
                if let template = c.template { out.string(template) }
                out.int(c.situationTemplates.count)
                for (situation, template) in c.situationTemplates.sorted(by: { $0.key < $1.key }) {
                    out.string(situation)
                    out.string(template)
                }
                out.int(section.add(examples: c.examples, vectors: c.showingVectors))
                out.string(c.kind.rawValue)
                out.string(c.metric?.rawValue ?? "")
                out.double(c.target)
                out.double(c.penalty)
                out.double(c.low)
                out.double(c.high)
                out.int(c.matchers.count)
                for matcher in c.matchers { matcher.archive(into: &out) }
                out.double(c.threshold)
                out.double(c.fullStrength)
                out.double(c.creditPower)
                out.bool(c.redLine != nil)
                if let redLine = c.redLine { out.double(redLine) }
                out.bool(c.head != nil)
                if let head = c.head {
                    out.int(head.weights.count)
                    for w in head.weights { out.int(UInt64(w.bitPattern)) }
                    out.int(UInt64(head.bias.bitPattern))
                }
                out.bool(c.unless != nil)
                c.unless?.archive(into: &out)
                out.int(c.withinFirst ?? 0)
                out.int(c.wordLists.count)
                for (key, words) in c.wordLists.sorted(by: { $0.key < $1.key }) {
                    out.string(key)
                    out.int(words.count)
                    for word in words.sorted() { out.string(word) }
                }
            }
        }
        return (out.bytes, section.entries)
    }

    public struct DecodeError: Error, CustomStringConvertible {
        public var description: String { "the compiled rubrics are damaged" }
    }

    public static func decode(core bytes: [UInt8], examples section: ExampleSection) throws -> [Rubric] {
        var input = ArchiveReader(bytes: bytes)
        guard try input.int() == magic else { throw DecodeError() }
        return try (0..<input.count()).map { _ in
            let id = try input.string()
            let name = try input.string()
            let summary = try input.string()
            let weight = try input.double()
            let source = try input.string()
            let fingerprint = try input.string()
            let levels = try input.bool() ? RiskThresholds(low: try input.double(), medium: try input.double()) : nil
            let aggregation = Aggregation(rawValue: try input.string()) ?? .weightedMean
            var situationWeights: [String: Double] = [:]
            for _ in 0..<(try input.count()) { situationWeights[try input.string()] = try input.double() }
            let neutralIndex = try input.count()
            let criteria = try (0..<input.count()).map { _ in
                let id = try input.string()
                let name = try input.string()
                let weight = try input.double()
                var situationWeights: [String: Double] = [:]
                for _ in 0..<(try input.count()) { situationWeights[try input.string()] = try input.double() }
                let advice = try input.string()
                let template = try input.bool() ? try input.string() : nil
                var situationTemplates: [String: String] = [:]
                for _ in 0..<(try input.count()) { situationTemplates[try input.string()] = try input.string() }
                let examplesIndex = try input.count()
                guard let kind = CriterionKind(rawValue: try input.string()) else { throw DecodeError() }
                let metricName = try input.string()
                let metric = MetricKind(rawValue: metricName)
                guard metric != nil || metricName.isEmpty else { throw DecodeError() }
                let target = try input.double()
                let penalty = try input.double()
                let low = try input.double()
                let high = try input.double()
                let matchers = try (0..<input.count()).map { _ in try PhraseMatcher(unarchiving: &input) }
                var criterion = Criterion(
                    id: id, name: name, weight: weight, advice: advice, template: template,
                    examples: [], kind: kind, matchers: matchers, target: target, penalty: penalty,
                    metric: metric, low: low, high: high)
                criterion.situationWeights = situationWeights
                criterion.situationTemplates = situationTemplates
                criterion.stored = section
                criterion.storedIndex = examplesIndex
                criterion.threshold = try input.double()
                criterion.fullStrength = try input.double()
                criterion.creditPower = try input.double()
                criterion.redLine = try input.bool() ? try input.double() : nil
                if try input.bool() {
                    let weights = try (0..<input.count()).map { _ in
                        Float(bitPattern: UInt32(truncatingIfNeeded: try input.int()))
                    }
                    criterion.head = LinearHead(
                        weights: weights, bias: Float(bitPattern: UInt32(truncatingIfNeeded: try input.int())))
                }
                if try input.bool() { criterion.unless = try PhraseMatcher(unarchiving: &input) }
                let within = try input.count()
                criterion.withinFirst = within > 0 ? within : nil
                for _ in 0..<(try input.count()) {
                    criterion.wordLists[try input.string()] = Set(
                        try (0..<input.count()).map { _ in try input.string() })
                }
                return criterion
            }
            var rubric = Rubric(
                id: id, name: name, summary: summary, weight: weight, criteria: criteria, source: source,
                levels: levels, fingerprint: fingerprint)
            rubric.situationWeights = situationWeights
            rubric.aggregation = aggregation
            rubric.storedNeutral = (section, neutralIndex)
            return rubric
        }
    }
}

struct ArchiveWriter {
    var bytes: [UInt8] = []
    mutating func int(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
    mutating func int(_ value: Int) { int(UInt64(value)) }
    mutating func double(_ value: Double) { int(value.bitPattern) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes += value.utf8
    }
}

struct ArchiveReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func int() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw RubricArchive.DecodeError() }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }
    /// A count or an index: refused when it could not fit in what is left (a damaged archive must not
    /// ask for a giant allocation).
    mutating func count() throws -> Int {
        let value = try int()
        guard value <= UInt64(bytes.count) * 8 else { throw RubricArchive.DecodeError() }
        return Int(value)
    }
    mutating func double() throws -> Double { Double(bitPattern: try int()) }
    mutating func bool() throws -> Bool {
        guard offset < bytes.count else { throw RubricArchive.DecodeError() }
        offset += 1
        return bytes[offset - 1] != 0
    }
    mutating func raw(_ length: Int) throws -> ArraySlice<UInt8> {
        guard length >= 0, offset + length <= bytes.count else { throw RubricArchive.DecodeError() }
        defer { offset += length }
        return bytes[offset..<(offset + length)]
    }
    mutating func string() throws -> String {
        let length = try count()
        guard offset + length <= bytes.count else { throw RubricArchive.DecodeError() }
        defer { offset += length }
        return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
    }
}

/// The examples, neutral sentences and example vectors of compiled rubrics, read on first use, entry by entry (one
/// per criterion, one per rubric's neutral sentences): saying what one sentence reads like decodes one criterion's.
/// Shared between threads (a lock guards the cache). A damaged entry reads as empty, never a crash.
public final class ExampleSection: @unchecked Sendable {
    private let entry: @Sendable (Int) -> [UInt8]?
    private let lock = NSLock()
    private var examples: [Int: [CriterionExample]] = [:]
    private var neutrals: [Int: [String]] = [:]
    private var vectors: [Int: QuantizedVectors?] = [:]

    /// `entry(k)`: the bytes of entry k, or nil.
    public init(entry: @escaping @Sendable (Int) -> [UInt8]?) { self.entry = entry }

    /// Entries written one after another, each with its length in front (`Writer.joined`).
    public convenience init(joined bytes: [UInt8]) {
        var input = ArchiveReader(bytes: bytes)
        var entries: [[UInt8]] = []
        while input.offset < bytes.count, let length = try? input.count(), let raw = try? input.raw(length) {
            entries.append(Array(raw))
        }
        let all = entries
        self.init { k in k < all.count ? all[k] : nil }
    }

    func examples(of index: Int) -> [CriterionExample] {
        lock.withLock {
            if let known = examples[index] { return known }
            var decoded: [CriterionExample] = []
            if let bytes = entry(index) {
                var input = ArchiveReader(bytes: bytes)
                decoded =
                    (try? (0..<input.count()).map { _ in
                        CriterionExample(meets: try input.bool(), text: try input.string())
                    }) ?? []
            }
            examples[index] = decoded
            return decoded
        }
    }

    func neutral(of index: Int) -> [String] {
        lock.withLock {
            if let known = neutrals[index] { return known }
            var decoded: [String] = []
            if let bytes = entry(index) {
                var input = ArchiveReader(bytes: bytes)
                decoded = (try? (0..<input.count()).map { _ in try input.string() }) ?? []
            }
            neutrals[index] = decoded
            return decoded
        }
    }

    func vectors(of index: Int) -> QuantizedVectors? {
        lock.withLock {
            if let known = vectors[index] { return known }
            var decoded: QuantizedVectors?
            if let bytes = entry(index) {
                var input = ArchiveReader(bytes: bytes)
                if let count = try? input.count() {
                    for _ in 0..<count {
                        _ = try? input.bool()
                        _ = try? input.string()
                    }
                    if (try? input.bool()) == true, let dimensions = try? input.count(), let rows = try? input.count(),
                        let scales = try? (0..<rows).map({ _ in
                            Float(bitPattern: UInt32(truncatingIfNeeded: try input.int()))
                        }),
                        let raw = try? input.raw(dimensions * rows)
                    {
                        decoded = QuantizedVectors(
                            dimensions: dimensions, scales: scales, values: raw.map { Int8(bitPattern: $0) })
                    }
                }
            }
            vectors[index] = decoded
            return decoded
        }
    }

    /// Collects the entries in the order their indices were handed out.
    public struct Writer {
        public private(set) var entries: [[UInt8]] = []

        mutating func add(examples: [CriterionExample], vectors: QuantizedVectors?) -> Int {
            var out = ArchiveWriter()
            out.int(examples.count)
            for example in examples {
                out.bool(example.meets)
                out.string(example.text)
            }
            out.bool(vectors != nil)
            if let vectors {
                out.int(vectors.dimensions)
                out.int(vectors.count)
                for scale in vectors.scales { out.int(UInt64(scale.bitPattern)) }
                out.bytes += vectors.values.map { UInt8(bitPattern: $0) }
            }
            entries.append(out.bytes)
            return entries.count - 1
        }

        mutating func add(neutral: [String]) -> Int {
            var out = ArchiveWriter()
            out.int(neutral.count)
            for text in neutral { out.string(text) }
            entries.append(out.bytes)
            return entries.count - 1
        }

        /// Every entry with its length in front, for one blob (`ExampleSection(joined:)`).
        public var joined: [UInt8] {
            var out = ArchiveWriter()
            for entry in entries {
                out.int(entry.count)
                out.bytes += entry
            }
            return out.bytes
        }
    }
}
