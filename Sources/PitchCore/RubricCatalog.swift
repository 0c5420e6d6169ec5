import Foundation
import Synchronization

/// Which rubrics a run scores with. Files come in order of precedence (later wins for the same id): the ones
/// built into the binary, then the user config folder, `PITCHCOACH_RUBRICS`, `--rubrics DIR`. Pure: the edge (the
/// command line) reads the folders and the trained heads' cache and hands them in; this decides which rubric is
/// taken from where, refuses two files of one folder with one id, and trains the rubrics that need heads.
public struct RubricCatalog: Sendable {
    /// A rubric file as read at the edge: its display name (a path; `Rubrics/NAME` for a built-in one) and text.
    public typealias File = (name: String, text: String)

    /// The rubrics a binary carries: their files, the build's compiled copies (`RubricArchive`), and each file's
    /// fingerprint as the build took it (by file name), so a run need not hash the text it carries.
    public struct BuiltIn: Sendable {
        public var files: [File]
        public var compiled: [Rubric]
        public var fingerprints: [String: String]
        public init(files: [File], compiled: [Rubric], fingerprints: [String: String]) {
            self.files = files
            self.compiled = compiled
            self.fingerprints = fingerprints
        }
    }

    /// Where the heads trained for a user's rubrics are kept between runs, by key: what was kept (nil when
    /// nothing was, or it cannot be read), and keeping new ones (a failure to keep them is the keeper's to swallow).
    public struct HeadsCache: Sendable {
        public var read: @Sendable (_ key: String) -> [UInt8]?
        public var keep: @Sendable (_ bytes: [UInt8], _ key: String) -> Void
        public init(
            read: @escaping @Sendable (_ key: String) -> [UInt8]?,
            keep: @escaping @Sendable (_ bytes: [UInt8], _ key: String) -> Void
        ) {
            self.read = read
            self.keep = keep
        }
    }

    /// A refusal that belongs to no one file (a selection, a clash between two files).
    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Every rubric file, in precedence order.
    public let files: [File]
    private let builtIn: BuiltIn?
    /// The built-in rubrics as the build compiled them, by file name.
    private let compiled: [String: Rubric]
    private let cache: HeadsCache?

    /// `files`: the folders' files after the built-in ones, in order of precedence (each folder's sorted by name).
    public init(builtIn: BuiltIn?, files: [File], cache: HeadsCache? = nil) {
        self.builtIn = builtIn
        self.files = (builtIn?.files ?? []) + files
        var compiled: [String: Rubric] = [:]
        for rubric in builtIn?.compiled ?? [] { compiled[rubric.source] = rubric }
        self.compiled = compiled
        self.cache = cache
    }

    /// The build's compiled copy of a file, while it was compiled from this very text.
    func compiledCopy(of index: Int) -> Rubric? {
        let file = files[index]
        let builtInCount = builtIn?.files.count ?? 0
        let fingerprint = index < builtInCount ? builtIn?.fingerprints[file.name] : fnv1a(file.text)
        guard let rubric = compiled[file.name], rubric.fingerprint == fingerprint else { return nil }
        return rubric
    }

    /// The files whose rubric comes from the build's compiled copy rather than from parsing.
    public var compiledFileNames: [String] {
        files.indices.filter { compiledCopy(of: $0) != nil }.map { files[$0].name }
    }

    /// Every rubric, parsed; a later file with the same id replaces an earlier one.
    public func loadAll() throws -> [Rubric] {
        var results: [Result<Rubric, Error>?] = files.indices.map { compiledCopy(of: $0).map { .success($0) } }
        // Parsing a file and compiling its phrases is most of a short run's time: when several files need
        // it (a user's folder), parse them side by side, then take the results (and the first error) in order.
        let files = self.files
        let pending = results.indices.filter { results[$0] == nil }
        if !pending.isEmpty {
            let parsed = Mutex<[Int: Result<Rubric, Error>]>([:])
            DispatchQueue.concurrentPerform(iterations: pending.count) { k in
                let i = pending[k]
                let result = Result { try RubricLoader.load(yaml: files[i].text, file: files[i].name) }
                parsed.withLock { $0[i] = result }
            }
            for (i, result) in parsed.withLock({ $0 }) { results[i] = result }
        }
        var byID: [String: Rubric] = [:]
        var order: [String] = []
        var builtInIDs: Set<String> = []
        let builtInCount = builtIn?.files.count ?? 0
        for (index, result) in results.enumerated() {
            let rubric = try result!.get()
            // A later folder overrides a rubric on purpose; two files of one folder with one id is a slip. The
            // built-in rubrics are named `Rubrics/NAME` too, so a user's own `Rubrics` folder overrides them.
            if let earlier = byID[rubric.id], !builtInIDs.contains(rubric.id),
                Self.folder(of: earlier.source) == Self.folder(of: rubric.source)
            {
                throw LocatedError(
                    file: rubric.source,
                    message: "has the id '\(rubric.id)' of \(earlier.source) in the same folder; "
                        + "give each rubric its own id")
            }
            if byID[rubric.id] == nil { order.append(rubric.id) }
            byID[rubric.id] = rubric
            if index < builtInCount { builtInIDs.insert(rubric.id) } else { builtInIDs.remove(rubric.id) }
        }
        // The compiled rubrics carry their heads; a parsed one learns its own here, against all of them.
        return try trainedWithCache(order.compactMap { byID[$0] }, only: nil)
    }

    static func folder(of source: String) -> String { (source as NSString).deletingLastPathComponent }

    /// One `--rubric ID|PATH`: a rubric of the catalog by id, or a file the edge reads and parses when its turn
    /// comes (so the refusals come in the order of the selections).
    public enum Selection {
        case id(String)
        case file(() throws -> Rubric)
    }

    /// The rubrics selected; none selected means every rubric in the catalog.
    public func load(selecting selections: [Selection]) throws -> [Rubric] {
        guard !selections.isEmpty else { return try loadAll() }
        var all: [Rubric]?
        var seen: [String: Rubric] = [:]
        let chosen = try selections.map { selection in
            switch selection {
            case .file(let load): return try load()
            case .id(let id):
                if all == nil { all = try loadAll() }
                guard let rubric = all?.first(where: { $0.id == id }) else {
                    let known = (all ?? []).map(\.id).joined(separator: ", ")
                    throw Refusal(
                        description: "no rubric with id '\(id)' (known: \(known)); or give a path to a .yaml file")
                }
                return rubric
            }
        }.filter { rubric in
            // The same rubric named twice counts once; two different rubrics with one id are refused.
            if let earlier = seen[rubric.id] {
                guard earlier.fingerprint == rubric.fingerprint else {
                    throw Refusal(
                        description: "two rubrics have the id '\(rubric.id)' (\(earlier.source) and \(rubric.source)); "
                            + "give each its own id")
                }
                return false
            }
            seen[rubric.id] = rubric
            return true
        }
        // A rubric given by path learns from its examples against the built-in ones too.
        return try trained(chosen)
    }

    /// `rubrics` with a head on every criterion that can learn one, the built-in rubrics' examples among the
    /// negatives (as when a user's rubric is loaded); rubrics that already have heads are kept as they are.
    public func trained(_ rubrics: [Rubric]) throws -> [Rubric] {
        let untrained = rubrics.filter { $0.criteria.contains { $0.head == nil && $0.readsSentences } }
        guard !untrained.isEmpty else { return rubrics }
        let builtIn = ((try? RubricCatalog(builtIn: builtIn, files: []).loadAll()) ?? [])
            .filter { rubric in !rubrics.contains { $0.id == rubric.id } }
        let all = try trainedWithCache(rubrics + builtIn, only: Set(untrained.map(\.id)))
        return Array(all.prefix(rubrics.count))
    }

    /// `CriterionTraining.train` for rubrics from a user's folders: each criterion against a fixed sample of the
    /// other examples (linear in the criteria), at most `userCriteriaLimit` criteria (past it: refused, naming the
    /// first one over), and the heads kept in the cache under a key of every rubric's fingerprint, so an
    /// unchanged rubric is trained on its first run only. A cache that cannot be read or written is trained around.
    func trainedWithCache(_ rubrics: [Rubric], only: Set<String>?) throws -> [Rubric] {
        let negatives = CriterionTraining.userNegativeLimit
        let most = CriterionTraining.userCriteriaLimit
        let lessons = CriterionTraining.lessons(rubrics, only: only, negativeLimit: negatives)
        guard !lessons.isEmpty else { return rubrics }
        guard lessons.count <= most else {
            let over = lessons[most]
            let rubric = rubrics[over.rubric]
            let id = rubric.criteria[over.criterion].id
            throw LocatedError(
                file: rubric.source,
                message: "criterion '\(id)' is past the limit of \(most) criteria that learn from "
                    + "examples (8 or more that show it) in one run's rubrics (\(lessons.count) here); "
                    + "give some fewer examples (their phrases still count) or load fewer rubrics")
        }
        let key = TrainedHeads.key(rubrics, only: only, negativeLimit: negatives)
        if let bytes = cache?.read(key), let restored = TrainedHeads.decode(bytes, into: rubrics, lessons: lessons) {
            return restored
        }
        let trained = CriterionTraining.train(rubrics, only: only, negativeLimit: negatives)
        cache?.keep(TrainedHeads.encode(trained, lessons: lessons), key)
        return trained
    }
}
