import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Facts about where output goes: colour and width. Read once, at the edge.
public enum Terminal {
    public enum ColorChoice: String, CaseIterable, Sendable { case auto, always, never }

    public static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// `always` wins; then NO_COLOR (any value) and `never` turn colour off; `auto` colours a terminal.
    public static func useColor(_ choice: ColorChoice, fd: Int32 = STDOUT_FILENO, environment: [String: String]) -> Bool
    {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            if environment["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTTY(fd)
        }
    }

    /// COLUMNS, else the terminal's width, else 100.
    public static func width(environment: [String: String]) -> Int {
        if let c = environment["COLUMNS"], let n = Int(c), n >= 20 { return n }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
        return 100
    }
}
