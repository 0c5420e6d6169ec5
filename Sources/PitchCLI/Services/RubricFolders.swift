import Foundation
import PitchCore
import PitchResources

/// The command line's edge of rubric resolution (`RubricCatalog`, in PitchCore): it reads the folders, in order of
/// precedence (the user config folder, `PITCHCOACH_RUBRICS`, `--rubrics DIR`), and the trained heads' cache folder,
/// hands them to the catalog with the built-in rubrics, and turns the catalog's refusals into CLI errors.
enum RubricFolders {
    /// The built-in rubrics and those of the folders the environment and `--rubrics` name.
    static func catalog(rubricsDirectory: String?, environment: [String: String]) throws -> RubricCatalog {
        var folders: [(path: String, required: Bool)] = []
        if let config = Workspace.configFolder(environment: environment) {
            folders.append((config + "/rubrics", false))
        }
        if let env = environment["PITCHCOACH_RUBRICS"], !env.isEmpty { folders.append((env, true)) }
        if let dir = rubricsDirectory { folders.append((dir, true)) }
        let files = try folders.flatMap { try yamlFiles(in: $0.path, required: $0.required) }
        return RubricCatalog(builtIn: .embedded(), files: files, cache: headsCache(environment: environment))
    }

    /// Every rubric of the catalog (`RubricCatalog.loadAll`), its refusals as CLI errors.
    static func loadAll(rubricsDirectory: String?, environment: [String: String]) throws -> [Rubric] {
        let catalog = try catalog(rubricsDirectory: rubricsDirectory, environment: environment)
        return try refusalsAsCLIErrors { try catalog.loadAll() }
    }

    /// `--rubric ID|PATH` selections; none selected means every rubric in the catalog.
    static func load(selecting selections: [String], rubricsDirectory: String?, environment: [String: String])
        throws -> [Rubric]
    {
        let catalog = try catalog(rubricsDirectory: rubricsDirectory, environment: environment)
        let chosen = selections.map { selection -> RubricCatalog.Selection in
            if selection.contains("/") || selection.hasSuffix(".yaml") || selection.hasSuffix(".yml")
                || FileManager.default.fileExists(atPath: selection)
            {
                return .file { try parse(try readYAML(selection), name: selection) }
            }
            return .id(selection)
        }
        return try refusalsAsCLIErrors { try catalog.load(selecting: chosen) }
    }

    /// `rubrics` with a head on every criterion that can learn one (`RubricCatalog.trained`).
    static func trained(_ rubrics: [Rubric], environment: [String: String]) throws -> [Rubric] {
        let catalog = RubricCatalog(builtIn: .embedded(), files: [], cache: headsCache(environment: environment))
        return try refusalsAsCLIErrors { try catalog.trained(rubrics) }
    }

    /// YAML files of one folder, sorted by name.
    static func yamlFiles(in folder: String, required: Bool) throws -> [RubricCatalog.File] {
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

    static func parse(_ text: String, name: String) throws -> Rubric {
        try refusalsAsCLIErrors { try RubricLoader.load(yaml: text, file: name) }
    }

    /// A rubric's refusal (`file:line:column: …`) or the catalog's, as the one-line error the command line prints.
    static func refusalsAsCLIErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as LocatedError {
            throw CLIError(error.description)
        } catch let error as RubricCatalog.Refusal {
            throw CLIError(error.description)
        }
    }

    /// The trained heads' cache as files `heads-KEY` in the cache folder; none without a cache folder.
    static func headsCache(environment: [String: String]) -> RubricCatalog.HeadsCache? {
        guard let folder = cacheFolder(environment: environment) else { return nil }
        return RubricCatalog.HeadsCache(
            read: { key in try? InputText.readFile(folder + "/heads-" + key, limit: 64 << 20, what: "cache file") },
            keep: { bytes, key in keep(bytes, at: folder + "/heads-" + key, in: folder) })
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
}
