import ArgumentParser
import Foundation

/// `pitchcoach install`: puts this binary on the PATH with its completions and man pages, where a user's
/// own tools go (`PREFIX`, default ~/.local): PREFIX/bin, PREFIX/share/man/man1 (man finds it from the PATH),
/// and the folders bash-completion, zsh and fish read completions from.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install pitchcoach, its man pages and its bash, zsh and fish completions under a prefix.",
        discussion: """
        The man pages are those argument-parser's generate-manual plugin writes; the README's install line makes \
        them first: swift package --allow-writing-to-package-directory generate-manual --multi-page.
        """)

    @Option(help: ArgumentHelp("Where to install: PREFIX/bin, PREFIX/share/… (default: $PREFIX, else ~/.local).",
                               valueName: "dir"), completion: .directory)
    var prefix: String?

    @Option(help: ArgumentHelp("The folder of man pages (*.1) to install (default: the generate-manual plugin's output).",
                               valueName: "dir"), completion: .directory)
    var manual: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let root = prefix ?? environment["PREFIX"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local"
        guard !root.isEmpty else { throw CLIError("--prefix is empty: give the folder to install under") }
        let binary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let installed = root + "/bin/pitchcoach"
        try Self.place(try Data(contentsOf: URL(fileURLWithPath: binary)), at: installed, mode: 0o755)
        // Debug information is most of a build's size (100 MB and more): the installed copy goes without it.
        print("installed \(installed)" + (Self.strip(installed) ? " (stripped)" : " (not stripped: no 'strip' found)"))

        let completions: [(CompletionShell, String)] = [
            (.bash, "/share/bash-completion/completions/pitchcoach"),
            (.zsh, "/share/zsh/site-functions/_pitchcoach"),
            (.fish, "/share/fish/vendor_completions.d/pitchcoach.fish"),
        ]
        for (shell, path) in completions {
            try Self.place(Data(PitchCoachCommand.completionScript(for: shell).utf8), at: root + path, mode: 0o644)
            print("installed \(root + path)")
        }

        // The plugin writes into .build/plugins/GenerateManual/outputs/pitchcoach, beside the build folder
        // this binary was run from.
        let build = URL(fileURLWithPath: binary).deletingLastPathComponent().deletingLastPathComponent()
        let candidates = manual.map { [$0] } ?? [build.path, build.deletingLastPathComponent().path]
            .map { $0 + "/plugins/GenerateManual/outputs/pitchcoach" }
        let pages = candidates.lazy.compactMap { folder -> (String, [String])? in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.filter { $0.hasSuffix(".1") } ?? []
            return names.isEmpty ? nil : (folder, names.sorted())
        }.first
        guard let (folder, names) = pages else {
            if let manual { throw CLIError("\(manual): no man pages (*.1) there") }
            print("no man pages installed: run 'swift package --allow-writing-to-package-directory generate-manual "
                + "--multi-page' first, or give --manual DIR")
            return
        }
        for name in names {
            var page = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            if name == "pitchcoach.1" {
                page = Data(ManualSections.added(to: String(decoding: page, as: UTF8.self)).utf8)
            }
            try Self.place(page, at: root + "/share/man/man1/" + name, mode: 0o644)
        }
        print("installed \(names.count) man page\(names.count == 1 ? "" : "s") in \(root)/share/man/man1 ('man pitchcoach')")
        let path = environment["PATH"] ?? ""
        if !path.split(separator: ":").contains(Substring(root + "/bin")) {
            print("note: \(root)/bin is not on your PATH; add it (export PATH=\"\(root)/bin:$PATH\")")
        }
    }

    /// Strips the symbols and debug information from an installed binary with binutils' `strip`; false when
    /// there is no `strip` or it failed (the binary is then left as it was).
    static func strip(_ path: String) -> Bool {
        guard let tool = ["/usr/bin/strip", "/bin/strip", "/usr/local/bin/strip"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [path]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Writes a file whole or not at all: a temporary file in the same folder, then a rename.
    static func place(_ data: Data, at path: String, mode: Int) throws {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let temporary = folder + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: mode]) else {
                throw CLIError("\(folder): cannot write here (\(String(cString: strerror(errno))))")
            }
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw CLIError("\(path): cannot install here (\(reason))")
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(folder): cannot create the folder (\((error as NSError).localizedFailureReason ?? "\(error)"))")
        }
    }
}
