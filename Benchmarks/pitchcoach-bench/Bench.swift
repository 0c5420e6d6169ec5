import ArgumentParser
import Foundation
import PitchCore
import PitchResources
import PitchStore
import SentenceVectors
import Spawning

/// `swift run -c release pitchcoach-bench [SEED.txt]`: where the time goes, in numbers you can rerun.
/// Whole-process timings use the `pitchcoach` binary built beside this one; proselint is timed when
/// `$PROSELINT` (or /tmp/anchors-venv/bin/proselint) exists.
@main
struct Bench: ParsableCommand {
    // A command as pitchcoach is, so `--help` works and argument-parser's generate-manual plugin, which asks
    // every executable of the package for its help, writes a page for this one too.
    static let configuration = CommandConfiguration(
        commandName: "pitchcoach-bench",
        abstract: "Where the time and memory go in scoring, in numbers you can rerun.",
        discussion: """
            With no argument: scoring speed and memory from one page to 10 MB, in process and as a whole process, \
            using the pitchcoach binary built beside this one. 'heads', 'vectors' and 'calibrate' run the \
            measurements of the sentence-vector layer (see Models/README.md); 'encoder [PAGE]' times the contextual \
            encoder on a 30-sentence page.
            """)
    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp(
            "A one-page pitch (default: ../shared/seeds/forum-lateral-move…txt), or heads | vectors | calibrate | agreement CORPUS_DIR | encoder ….",
            valueName: "seed|mode"))
    var arguments: [String] = []

    static func median(_ samples: [Double]) -> Double { samples.sorted()[samples.count / 2] }

    static func time(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return median(samples)
    }

    /// Runs a program, returns (milliseconds, peak RSS of the child in MB, its CPU time in ms, user + system).
    /// `ChildProcess` rather than Foundation's `Process`, whose `waitUntilExit` polls a run loop here and rounds
    /// every run up to ~50 ms.
    /// With `peak`, through a fresh process of this binary (`peak-rss`): on Linux a child started by vfork (as
    /// posix_spawn starts it) records its parent's peak RSS as its own when it execs, so a benchmark grown to
    /// 100 MB by the in-process runs made every child read 100 MB. A small fresh process starts the child instead
    /// and reports the child's figures.
    static func run(_ path: String, _ arguments: [String], environment: [String: String]? = nil, peak: Bool = false)
        -> (ms: Double, mb: Double, cpu: Double)
    {
        if peak {
            let report = NSTemporaryDirectory() + "pitchcoach-bench-peak-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: report) }
            let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            _ = run(me, ["peak-rss", report, path] + arguments, environment: environment)
            let figures = ((try? String(contentsOfFile: report, encoding: .utf8)) ?? "").split(separator: " ")
                .compactMap { Double($0) }
            return figures.count == 3 ? (figures[0], figures[1], figures[2]) : (.nan, .nan, .nan)
        }
        let start = DispatchTime.now().uptimeNanoseconds
        guard
            let child = try? ChildProcess.spawn(
                path, arguments, environment: environment, stdout: .nullDevice, stderr: .nullDevice)
        else { return (.nan, .nan, .nan) }
        let usage = child.wait().usage
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        return (ms, Double(usage.ru_maxrss) / 1024, cpuMilliseconds(usage))
    }

    static func cpuMilliseconds(_ usage: rusage) -> Double {
        Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
    }

    static func line(_ label: String, _ value: String) {
        print(label.padding(toLength: 52, withPad: " ", startingAt: 0) + value)
    }

    func run() throws { try Self.measure(arguments) }

    static func measure(_ arguments: [String]) throws {
        if arguments.first == "peak-rss", arguments.count >= 3 {
            // `peak-rss REPORT PROGRAM ARGS…`: runs the program and writes "ms MB cpu-ms" of it to REPORT.
            let result = run(arguments[2], Array(arguments.dropFirst(3)))
            try "\(result.ms) \(result.mb) \(result.cpu)".write(toFile: arguments[1], atomically: true, encoding: .utf8)
            return
        }
        if arguments.first == "heads" {
            try HeadsEvaluation.run(Array(arguments.dropFirst()))
            return
        }
        if arguments.first == "vectors" {
            // One line of text in, one line of the sentence vector out (for looking at the heads from outside).
            while let line = readLine() {
                print(
                    SentenceEncoder.builtIn.vector(line).values.map { String(format: "%.6f", $0) }.joined(
                        separator: " "))
            }
            return
        }
        if arguments.first == "encoder" {
            try EncoderBench.run(Array(arguments.dropFirst()))
            return
        }
        if arguments.first == "encoder-page" {
            try EncoderBench.encodeOnce(Array(arguments.dropFirst()))
            return
        }
        if arguments.first == "calibrate" {
            try Calibration.run(Array(arguments.dropFirst()))
            return
        }
        if arguments.first == "agreement" {
            try Calibration.agreement(Array(arguments.dropFirst()))
            return
        }
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let binary = here.appendingPathComponent("pitchcoach").path
        let seedPath =
            arguments.first
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(
                "shared/seeds/forum-lateral-move-to-individual-contributor.txt"
            ).path
        guard let page = try? String(contentsOfFile: seedPath, encoding: .utf8) else {
            print("usage: pitchcoach-bench [ONE-PAGE-PITCH.txt] (default: ../shared/seeds/forum-lateral-move…txt)")
            Foundation.exit(2)
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("pitchcoach-bench-\(getpid())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        func repeated(_ bytes: Int) -> String {
            String(repeating: page + "\n", count: bytes / (page.utf8.count + 1) + 1)
        }
        let texts = [("one page", page), ("100 KB", repeated(100_000)), ("1 MB", repeated(1_000_000))]
        var files: [String: String] = [:]
        for (name, text) in texts {
            let path = tmp.appendingPathComponent(name.replacingOccurrences(of: " ", with: "") + ".txt").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            files[name] = path
        }

        print("pitchcoach-bench — medians; \(ProcessInfo.processInfo.activeProcessorCount) cores\n")
        print("in process")
        var rubrics: [Rubric] = []
        let load = try time(20) { rubrics = try BuiltInRubrics.load() }
        line("  rubric load (built-in set, \(rubrics.count) rubrics)", String(format: "%.2f ms", load))
        // The same rubrics without their heads: what the sentence-vector layer adds is the difference.
        var phrasesOnly = rubrics
        for r in phrasesOnly.indices {
            for c in phrasesOnly[r].criteria.indices { phrasesOnly[r].criteria[c].head = nil }
        }
        for (name, text) in texts {
            let runs = text.utf8.count > 500_000 ? 5 : (text.utf8.count > 50_000 ? 10 : 200)
            let ms = time(runs) { _ = Scorer.score(text, rubrics: rubrics) }
            let withoutHeads = time(runs) { _ = Scorer.score(text, rubrics: phrasesOnly) }
            line(
                "  score \(name) (\(text.utf8.count / 1024) KB)",
                String(
                    format: "%.3f ms (sentence vectors and heads %.0f%%)", ms, max(0, 100 * (ms - withoutHeads) / ms)))
        }
        let sentences = page.split(whereSeparator: { ".!?".contains($0) }).map(String.init)
        let encode = time(20) { for s in sentences { _ = SentenceEncoder.builtIn.vector(s) } }
        line("  sentence vectors", String(format: "%.0f sentences a second", Double(sentences.count) / encode * 1000))

        print("\nwhole process: pitchcoach score FILE --format json")
        var whole: [String: Double] = [:]
        for (name, _) in texts {
            let path = files[name]!
            _ = run(binary, ["score", path, "--format", "json"])
            let samples = (0..<(name == "1 MB" ? 5 : 11)).map { _ in
                run(binary, ["score", path, "--format", "json"]).ms
            }
            whole[name] = median(samples)
            line("  \(name)", String(format: "%.1f ms", whole[name]!))
        }
        let peak = run(binary, ["score", files["1 MB"]!, "--format", "json"], peak: true).mb
        line("  peak RSS of the process that scored 1 MB", String(format: "%.1f MB", peak))
        line("  growth 100 KB → 1 MB", String(format: "%.1fx", whole["1 MB"]! / whole["100 KB"]!))

        // The worst cases for memory and time the hostile-input checks found: 10 MB of the page, 10 MB of one-letter
        // words (five million tokens), and a rubric with a phrase at the length limit.
        print("\nworst cases: 10 MB drafts (time, peak RSS)")
        var letters = ""
        var generator = SystemRandomNumberGenerator()
        letters.reserveCapacity(10_000_000)
        while letters.utf8.count < 10_000_000 {
            letters.append(Character(Unicode.Scalar(UInt8.random(in: 97...122, using: &generator))))
            letters.append(" ")
        }
        let longPhrase = Array(repeating: "word", count: RubricLoader.phraseWordLimit).joined(separator: " ")
        let rubricDir = tmp.appendingPathComponent("long-phrase")
        try FileManager.default.createDirectory(at: rubricDir, withIntermediateDirectories: true)
        try """
        id: long
        name: Long phrase
        criteria:
          - id: long
            name: Long
            kind: evidence
            advice: A.
            phrases: ["\(longPhrase)", "a b c d e f g h i j k l m n o p q r s t u v w x"]
            examples:
              meets: ["\(longPhrase)."]
        """.write(to: rubricDir.appendingPathComponent("long.yaml"), atomically: true, encoding: .utf8)
        // Issue 21: one short sentence repeated (one finding each, capped in the report), and three million
        // one-word sentences.
        for (name, text, extra) in [
            ("10 MB of the page", repeated(10_000_000), [String]()),
            ("'I quit.' x 1,000,000 (8 MB)", String(repeating: "I quit.\n", count: 1_000_000), []),
            ("'a. ' x 3,000,000 (9 MB)", String(repeating: "a. ", count: 3_000_000), []),
            ("10 MB of one-letter words", letters, []),
            (
                "10 MB of one-letter words, a \(RubricLoader.phraseWordLimit)-word phrase", letters,
                ["--rubric", rubricDir.appendingPathComponent("long.yaml").path]
            ),
        ] {
            let path = tmp.appendingPathComponent("worst.txt").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let result = run(binary, ["score", path, "--format", "json"] + extra, peak: true)
            line("  \(name)", String(format: "%.0f ms, %.0f MB", result.ms, result.mb))
        }

        // A user's rubric is trained when it is first loaded, each criterion against a fixed sample of the other
        // examples (linear in the criteria), then taken from the cache by its fingerprint (issue 21).
        print("\nuser rubrics: criteria × 8 examples, pitchcoach score (first run trains, then cached; CPU time)")
        for count in [10, 50, CriterionTraining.userCriteriaLimit] {
            let folder = tmp.appendingPathComponent("many-\(count)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let words = ["team", "lead", "coach", "ready", "risk", "budget", "plan", "March"]
            try
                ("id: many\nname: Many\ncriteria:\n"
                + (0..<count).map { i in
                    let meets = (0..<8).map { k in
                        "\"\(words[(i + k) % 8]) \(words[(i * 3 + k) % 8]) \(words[k]) \(i)\""
                    }
                    return "  - id: c\(i)\n    name: C\(i)\n    kind: evidence\n    phrases: [zq\(i)]\n    advice: x\n"
                        + "    examples:\n      meets: [\(meets.joined(separator: ", "))]\n"
                }.joined()).write(to: folder.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
            let env = ["HOME": tmp.path, "XDG_CACHE_HOME": tmp.appendingPathComponent("cache-\(count)").path]
            let first = run(
                binary, ["score", files["one page"]!, "--rubrics", folder.path], environment: env, peak: true)
            let arguments = ["score", files["one page"]!, "--rubrics", folder.path]
            let cached = median((0..<5).map { _ in run(binary, arguments, environment: env).ms })
            line(
                "  \(count) criteria",
                String(
                    format: "first %.0f ms (%.0f ms CPU, %.0f MB), cached %.0f ms",
                    first.ms, first.cpu, first.mb, cached))
        }

        let proselint = ProcessInfo.processInfo.environment["PROSELINT"] ?? "/tmp/anchors-venv/bin/proselint"
        if FileManager.default.isExecutableFile(atPath: proselint) {
            print("\npeer: proselint check FILE")
            for name in ["one page", "1 MB"] {
                let path = files[name]!
                _ = run(proselint, ["check", path])
                let ms = median((0..<(name == "1 MB" ? 3 : 5)).map { _ in run(proselint, ["check", path]).ms })
                line("  \(name)", String(format: "%.1f ms  (pitchcoach %.1fx faster)", ms, ms / whole[name]!))
            }
        } else {
            print("\n(proselint not found: set PROSELINT=/path/to/proselint to compare)")
        }

        print("\nstore (SQLite, WAL)")
        let store = try PitchStore(path: tmp.appendingPathComponent("bench.sqlite").path)
        _ = try store.createPitch(name: "bench", title: "Bench")
        let card = Scorer.score(page, rubrics: rubrics)
        let snapshot = ScoreSnapshot(card)
        let fill = time(1) {
            for _ in 0..<999 { _ = try? store.saveVersion(pitch: "bench", text: page, note: "n", snapshot: snapshot) }
        }
        line("  999 saves (in process)", String(format: "%.0f ms (%.2f ms each)", fill, fill / 999))
        let storeEnv = [
            "PITCHCOACH_STORE": tmp.appendingPathComponent("bench.sqlite").path, "HOME": tmp.path, "NO_COLOR": "1",
        ]
        let save = median(
            (0..<5).map { _ in
                run(binary, ["save", "bench", files["one page"]!, "-m", "timed"], environment: storeEnv).ms
            })
        line("  pitchcoach save (whole process, 1,000+ versions)", String(format: "%.1f ms", save))
        let log = median((0..<5).map { _ in run(binary, ["log", "bench"], environment: storeEnv).ms })
        line("  pitchcoach log (whole process, 1,000+ versions)", String(format: "%.1f ms", log))
        let logJSON = median(
            (0..<5).map { _ in run(binary, ["log", "bench", "--format", "json"], environment: storeEnv).ms })
        line("  pitchcoach log --format json (1,000+ versions)", String(format: "%.1f ms", logJSON))
    }
}

/// The rubrics the binary carries, resolved by the core's catalog as `pitchcoach score` resolves them when no
/// folder adds any.
enum BuiltInRubrics {
    static func load() throws -> [Rubric] { try RubricCatalog(builtIn: .embedded(), files: []).loadAll() }
}
