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

    @Option(
        help: ArgumentHelp(
            "Where to install: PREFIX/bin, PREFIX/share/… (default: $PREFIX, else ~/.local).",
            valueName: "dir"), completion: .directory)
    var prefix: String?

    @Option(
        help: ArgumentHelp(
            "The folder of man pages (*.1) to install (default: the generate-manual plugin's output).",
            valueName: "dir"), completion: .directory)
    var manual: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let root = prefix ?? environment["PREFIX"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local"
        guard !root.isEmpty else { throw CLIError("--prefix is empty: give the folder to install under") }
        var info = stat()
        if stat(root, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            throw CLIError("\(root): not a folder; --prefix takes the folder to install under")
        }
        let binary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        // Everything is read before anything is written: a page that cannot be read installs nothing.
        let program = try InputText.readFile(binary, limit: 1 << 30, what: "program")
        let (folder, pages) = try Self.manualPages(manual: manual, binary: binary)
        let installed = root + "/bin/pitchcoach"
        try Self.place(Data(program), at: installed, mode: 0o755, under: root)
        // Debug information is most of a build's size (100 MB and more): the installed copy goes without it.
        print("installed \(installed)" + (Self.strip(installed) ? " (stripped)" : " (not stripped: no 'strip' found)"))

        let completions: [(CompletionShell, String)] = [
            (.bash, "/share/bash-completion/completions/pitchcoach"),
            (.zsh, "/share/zsh/site-functions/_pitchcoach"),
            (.fish, "/share/fish/vendor_completions.d/pitchcoach.fish"),
        ]
        for (shell, path) in completions {
            let script = Data(PitchCoachCommand.completionScript(for: shell).utf8)
            try Self.place(script, at: root + path, mode: 0o644, under: root)
            print("installed \(root + path)")
        }

        guard !pages.isEmpty else {
            print(
                "no man pages installed: run 'swift package --allow-writing-to-package-directory generate-manual "
                    + "--multi-page' first, or give --manual DIR")
            return
        }
        for (name, bytes) in pages {
            var page = Data(bytes)
            if name == "pitchcoach.1" {
                page = Data(ManualSections.added(to: String(decoding: page, as: UTF8.self)).utf8)
            }
            try Self.place(page, at: root + "/share/man/man1/" + name, mode: 0o644, under: root)
        }
        print(
            "installed \(pages.count) man page\(pages.count == 1 ? "" : "s") from \(folder) "
                + "in \(root)/share/man/man1 ('man pitchcoach')")
        let path = environment["PATH"] ?? ""
        if !path.split(separator: ":").contains(Substring(root + "/bin")) {
            print("note: \(root)/bin is not on your PATH; add it (export PATH=\"\(root)/bin:$PATH\")")
        }
    }

    /// Strips the symbols and debug information from an installed binary with binutils' `strip`; false when
    /// there is no `strip` or it failed (the binary is then left as it was).
    static func strip(_ path: String) -> Bool {
        guard
            let tool = ["/usr/bin/strip", "/bin/strip", "/usr/local/bin/strip"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [path]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// The man pages to install, read whole: the regular `*.1` files of `--manual DIR`, else of the generate-manual
    /// plugin's output beside the build folder this binary was run from. A link, a folder or a FIFO named `*.1` is
    /// not a page: it is left out, and said (a link could make a private file world-readable under the prefix).
    static func manualPages(manual: String?, binary: String) throws -> (folder: String, pages: [(String, [UInt8])]) {
        let build = URL(fileURLWithPath: binary).deletingLastPathComponent().deletingLastPathComponent()
        let candidates =
            manual.map { [$0] }
            ?? [build.path, build.deletingLastPathComponent().path]
            .map { $0 + "/plugins/GenerateManual/outputs/pitchcoach" }
        for folder in candidates {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".1") }
            var pages: [(String, [UInt8])] = []
            for name in names.sorted() {
                var info = stat()
                guard lstat(folder + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                    let shown = (folder + "/" + name).visibleControls(singleLine: true)
                    print("note: \(shown) is not a regular file; left out")
                    continue
                }
                pages.append((name, try InputText.readFile(folder + "/" + name, limit: 1 << 20, what: "man page")))
            }
            if !pages.isEmpty { return (folder, pages) }
        }
        if let manual { throw CLIError("\(manual): no man pages (*.1 files) there") }
        return ("", [])
    }

    /// Writes a file whole or not at all: a temporary file in the same folder, then a rename. Every folder on the
    /// way from `root` is made or checked: one that is a symbolic link or a file is refused, so nothing is written
    /// outside the prefix.
    static func place(_ data: Data, at path: String, mode: Int, under root: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if access(root, F_OK) != 0 {
            do { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) } catch {
                let reason = (error as NSError).localizedFailureReason ?? "\(error)"
                throw CLIError("\(root): cannot create the folder (\(reason))")
            }
        }
        var walked = root
        for part in folder.dropFirst(root.count).split(separator: "/") {
            walked += "/" + part
            var info = stat()
            if lstat(walked, &info) != 0 {
                guard mkdir(walked, 0o755) == 0 else {
                    throw CLIError("\(walked): cannot create the folder (\(String(cString: strerror(errno))))")
                }
            } else if info.st_mode & S_IFMT == S_IFLNK {
                throw CLIError("\(walked): a symbolic link; pitchcoach installs only into folders inside \(root)")
            } else if info.st_mode & S_IFMT != S_IFDIR {
                let name = (path as NSString).lastPathComponent
                throw CLIError("\(walked): a file, not a folder; cannot install \(name) there")
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let temporary = folder + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
            guard
                FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: mode])
            else {
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
            throw CLIError(
                "\(folder): cannot create the folder (\((error as NSError).localizedFailureReason ?? "\(error)"))")
        }
    }
}
