import Foundation

/// Where the store lives when no `--store` is given, and the one data folder that the store, the REPL history
/// and the last pitch opened share: one policy, so that they can never land in different folders.
extension PitchStore {
    /// `PITCHCOACH_STORE`, else `pitchcoach.sqlite` in `dataFolder(environment:)`.
    public static func defaultPath(environment: [String: String]) -> String {
        // Set but empty is a slip (an unset variable in a script), not "use the default": it is returned as it is,
        // and opening "" says the store path is empty rather than silently using another store.
        if let explicit = environment["PITCHCOACH_STORE"] { return explicit }
        return dataFolder(environment: environment) + "/pitchcoach.sqlite"
    }

    /// The folder PitchCoach keeps its data in: `$XDG_DATA_HOME/pitchcoach`, else
    /// `$HOME/.local/share/pitchcoach`, else the same below the home the password database gives this user.
    public static func dataFolder(environment: [String: String]) -> String {
        // The XDG Base Directory spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return trimmingTrailingSlashes(xdg) + "/pitchcoach"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? passwordDatabaseHome()
        return trimmingTrailingSlashes(home) + "/.local/share/pitchcoach"
    }

    /// For a process started without HOME (a cron job, a service). Read from the password database itself:
    /// on Linux Foundation's home lookups may consult `$HOME` or answer differently between versions.
    private static func passwordDatabaseHome() -> String {
        if let entry = getpwuid(getuid()), let folder = entry.pointee.pw_dir { return String(cString: folder) }
        return NSHomeDirectory()
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}
