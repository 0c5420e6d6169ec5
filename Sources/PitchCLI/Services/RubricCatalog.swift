import Foundation
import PitchCore
import PitchResources
import Synchronization

/// Where rubrics come from, in order of precedence (later wins for the same id):
/// the ones built into the binary, the user config folder, `PITCHCOACH_RUBRICS`, `--rubrics DIR`.
public struct RubricCatalog {
    /// (display name, YAML text) of every rubric file, in precedence order.
    public private(set) var files: [(name: String, text: String)] = []

    /// The built-in rubrics as the build compiled them, by file name.
    private var compiled: [String: Rubric] = [:]
    /// How many of `files` come first from the binary: their fingerprints were taken at build time.
    private var builtInCount = 0
    /// Where the heads trained for a user's rubrics are kept (`trainedWithCache`).
    private let environment: [String: String]

    public init(rubricsDirectory: String?, environment: [String: String], includeBuiltIn: Bool = true) throws {
        self.environment = environment
        if includeBuiltIn {
            files = EmbeddedFiles.rubrics.map { (name: "Rubrics/\($0.name)", text: $0.text) }
            builtInCount = files.count
            let archive = Data(base64Encoded: EmbeddedFiles.compiledRubrics).map { [UInt8]($0) } ?? []
            let examples = ExampleSection { k in
                k < EmbeddedFiles.compiledRubricExamples.count
                    ? Data(base64Encoded: EmbeddedFiles.compiledRubricExamples[k]).map { [UInt8]($0) } : nil
            }
            for rubric in (try? RubricArchive.decode(core: archive, examples: examples)) ?? [] {
                compiled[rubric.source] = rubric
            }
        }
        var folders: [(path: String, required: Bool)] = []
        if let config = Workspace.configFolder(environment: environment) {
            folders.append((config + "/rubrics", false))
        }
        if let env = environment["PITCHCOACH_RUBRICS"], !env.isEmpty { folders.append((env, true)) }
        if let dir = rubricsDirectory { folders.append((dir, true)) }
        for folder in folders { files += try Self.yamlFiles(in: folder.path, required: folder.required) }
    }

    /// YAML files of one folder, sorted by name.
    public static func yamlFiles(in folder: String, required: Bool) throws -> [(name: String, text: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            guard required else { return [] }
            if FileManager.default.fileExists(atPath: folder) {
                throw CLIError("\(folder): a file, not a folder of rubrics (--rubric takes one rubric file)")
            }
            throw CLIError("\(folder): no such rubrics folder")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return try names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { name in
            let path = (folder as NSString).appendingPathComponent(name)
            return (name: path, text: try readYAML(path))
        }
    }

    static func readYAML(_ path: String) throws -> String {
        let limit = 2 * 1024 * 1024
        let data = try InputText.readFile(
            path, limit: limit, what: "rubric file (.yaml); a folder of rubrics goes to --rubrics")
        guard data.count <= limit else { throw CLIError("\(path): larger than 2 MB; not a rubric") }
        var bytes = data[...]
        // a BOM, as an editor on Windows writes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        try InputText.requireUTF8(bytes, name: path)
        try InputText.requireNoControlBytes(bytes, name: path)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The build's compiled copy of a file, while it was compiled from this very text.
    func compiledCopy(of index: Int) -> Rubric? {
        let file = files[index]
        let fingerprint =
            index < builtInCount
            ? EmbeddedFiles.rubricFingerprints[String(file.name.dropFirst("Rubrics/".count))]
            : fnv1a(file.text)
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
                let result = Result { try Self.parse(files[i].text, name: files[i].name) }
                parsed.withLock { $0[i] = result }
            }
            for (i, result) in parsed.withLock({ $0 }) { results[i] = result }
        }
        var byID: [String: Rubric] = [:]
        var order: [String] = []
        for result in results {
            let rubric = try result!.get()
            // A later folder overrides a rubric on purpose; two files of one folder with one id is a slip.
            if let earlier = byID[rubric.id], Self.folder(of: earlier.source) == Self.folder(of: rubric.source) {
                throw CLIError(
                    "\(rubric.source): has the id '\(rubric.id)' of \(earlier.source) in the same folder; "
                        + "give each rubric its own id")
            }
            if byID[rubric.id] == nil { order.append(rubric.id) }
            byID[rubric.id] = rubric
        }
        // The compiled rubrics carry their heads; a parsed one learns its own here, against all of them.
        return try Self.trainedWithCache(order.compactMap { byID[$0] }, only: nil, environment: environment)
    }

    static func folder(of source: String) -> String { (source as NSString).deletingLastPathComponent }

    /// `--rubric ID|PATH` selections; none selected means every rubric in the catalog.
    public func load(selecting selections: [String]) throws -> [Rubric] {
        guard !selections.isEmpty else { return try loadAll() }
        var all: [Rubric]?
        var seen: [String: Rubric] = [:]
        let chosen = try selections.map { selection in
            if selection.contains("/") || selection.hasSuffix(".yaml") || selection.hasSuffix(".yml")
                || FileManager.default.fileExists(atPath: selection)
            {
                return try Self.parse(try Self.readYAML(selection), name: selection)
            }
            if all == nil { all = try loadAll() }
            guard let rubric = all?.first(where: { $0.id == selection }) else {
                let known = (all ?? []).map(\.id).joined(separator: ", ")
                throw CLIError("no rubric with id '\(selection)' (known: \(known)); or give a path to a .yaml file")
            }
            return rubric
        }.filter { rubric in
            // The same rubric named twice counts once; two different rubrics with one id are refused.
            if let earlier = seen[rubric.id] {
                guard earlier.fingerprint == rubric.fingerprint else {
                    throw CLIError(
                        "two rubrics have the id '\(rubric.id)' (\(earlier.source) and \(rubric.source)); give each its own id"
                    )
                }
                return false
            }
            seen[rubric.id] = rubric
            return true
        }
        // A rubric given by path learns from its examples against the built-in ones too.
        return try Self.trained(chosen, environment: environment)
    }

    /// `rubrics` with a head on every criterion that can learn one, the built-in rubrics' examples among the
    /// negatives (as when a user's rubric is loaded); rubrics that already have heads are kept as they are.
    static func trained(_ rubrics: [Rubric], environment: [String: String]) throws -> [Rubric] {
        let untrained = rubrics.filter { $0.criteria.contains { $0.head == nil && $0.readsSentences } }
        guard !untrained.isEmpty else { return rubrics }
        let builtIn = ((try? RubricCatalog(rubricsDirectory: nil, environment: [:]).loadAll()) ?? [])
            .filter { rubric in !rubrics.contains { $0.id == rubric.id } }
        let all = try trainedWithCache(rubrics + builtIn, only: Set(untrained.map(\.id)), environment: environment)
        return Array(all.prefix(rubrics.count))
    }

    /// `CriterionTraining.train` for rubrics from a user's folders: each criterion against a fixed sample of the
    /// other examples (linear in the criteria), at most `userCriteriaLimit` criteria (past it: refused, naming the
    /// first one over), and the heads kept in the cache folder under a key of every rubric's fingerprint, so an
    /// unchanged rubric is trained on its first run only. A cache that cannot be read or written is trained around.
    static func trainedWithCache(
        _ rubrics: [Rubric], only: Set<String>?,
        environment: [String: String]
    ) throws -> [Rubric] {
        let negatives = CriterionTraining.userNegativeLimit
        let most = CriterionTraining.userCriteriaLimit
        let lessons = CriterionTraining.lessons(rubrics, only: only, negativeLimit: negatives)
        guard !lessons.isEmpty else { return rubrics }
        guard lessons.count <= most else {
            let over = lessons[most]
            let rubric = rubrics[over.rubric]
            let id = rubric.criteria[over.criterion].id
            throw CLIError(
                "\(rubric.source): criterion '\(id)' is past the limit of \(most) criteria that learn from "
                    + "examples (8 or more that show it) in one run's rubrics (\(lessons.count) here); "
                    + "give some fewer examples (their phrases still count) or load fewer rubrics")
        }
        let folder = cacheFolder(environment: environment)
        let path = folder.map { $0 + "/heads-" + TrainedHeads.key(rubrics, only: only, negativeLimit: negatives) }
        if let path, let bytes = try? InputText.readFile(path, limit: 64 << 20, what: "cache file"),
            let restored = TrainedHeads.decode(bytes, into: rubrics, lessons: lessons)
        {
            return restored
        }
        let trained = CriterionTraining.train(rubrics, only: only, negativeLimit: negatives)
        if let folder, let path { keep(TrainedHeads.encode(trained, lessons: lessons), at: path, in: folder) }
        return trained
    }

    /// `$XDG_CACHE_HOME/pitchcoach`, else `$HOME/.cache/pitchcoach`.
    static func cacheFolder(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/pitchcoach" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/pitchcoach" }
        return nil
    }

    /// Writes a cache file whole or not at all (a temporary file renamed), private, and keeps the newest 16.
    static func keep(_ bytes: [UInt8], at path: String, in folder: String) {
        let manager = FileManager.default
        guard
            (try? manager.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])) != nil
        else { return }
        let temporary = path + ".\(getpid()).tmp"
        guard manager.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600]),
            rename(temporary, path) == 0
        else {
            try? manager.removeItem(atPath: temporary)
            return
        }
        let heads = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("heads-") }
        guard heads.count > 16 else { return }
        let byAge = heads.map { folder + "/" + $0 }.sorted {
            let a = (try? manager.attributesOfItem(atPath: $0)[.modificationDate] as? Date) ?? .distantPast
            let b = (try? manager.attributesOfItem(atPath: $1)[.modificationDate] as? Date) ?? .distantPast
            return a > b
        }
        for old in byAge.dropFirst(16) { try? manager.removeItem(atPath: old) }
    }

    static func parse(_ text: String, name: String) throws -> Rubric {
        do { return try RubricLoader.load(yaml: text, file: name) } catch let error as LocatedError {
            throw CLIError(error.description)
        }
    }
}
