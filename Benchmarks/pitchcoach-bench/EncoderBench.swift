import Foundation
import SentenceVectors

/// `pitchcoach-bench encoder [PAGE.txt]`: the contextual encoder on a 30-sentence page — its first use (start-up),
/// then ms a page and tokens a second in process, then whole processes (this binary run again with `encoder-page`)
/// that encode the page once, against one that only starts. Wall and CPU time both: on a shared machine the wall
/// time says how busy the other processes are.
enum EncoderBench {
    /// Sentences of the page (split as the default bench splits it), cycled or cut to 30.
    static func page(_ path: String?) throws -> [String] {
        let text = try String(contentsOfFile: path ?? defaultPage, encoding: .utf8)
        let sentences = text.split(whereSeparator: { ".!?".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        return (0..<30).map { sentences[$0 % sentences.count] }
    }

    static let defaultPage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/seeds/forum-lateral-move-to-individual-contributor.txt").path

    /// `encoder-page FILE [none]`: what one process pays to encode one page (`none`: start and exit only).
    static func encodeOnce(_ arguments: [String]) throws {
        let sentences = try page(arguments.first)
        guard arguments.dropFirst().first != "none" else { return }
        let vectors = ContextualEncoder.builtIn.vectors(sentences)
        if vectors.count != sentences.count { Foundation.exit(1) }
    }

    /// CPU time of this process so far (every thread), in ms.
    static func cpu() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Bench.cpuMilliseconds(usage)
    }

    /// Median wall and CPU ms of `runs` runs.
    static func timed(_ runs: Int, _ body: () throws -> Void) rethrows -> (ms: Double, cpu: Double) {
        var cpus: [Double] = []
        let ms = try Bench.time(runs) {
            let before = cpu()
            try body()
            cpus.append(cpu() - before)
        }
        return (ms, Bench.median(cpus))
    }

    static func run(_ arguments: [String]) throws {
        let path = arguments.first ?? defaultPage
        let sentences = try page(path)
        let tokenizer = SentenceEncoder.builtIn.tokenizer
        let tokens = sentences.map { min(tokenizer.ids($0).count, ContextualEncoder.maxPieces) + 2 }.reduce(0, +)
        var load = [0.0, 0, 0]
        getloadavg(&load, 3)
        print(
            "contextual encoder — a page of \(sentences.count) sentences, \(tokens) tokens; medians; "
                + "\(ProcessInfo.processInfo.activeProcessorCount) cores, "
                + "load average \(String(format: "%.1f", load[0]))\n")
        print("in process (wall ms, CPU ms of all threads)")
        _ = SentenceEncoder.builtIn // the tokenizer's table: not the encoder's cost
        let opened = timed(1) { _ = ContextualEncoder.builtIn }
        Bench.line("  first use: open the weights, plan the pass", String(format: "%.2f ms", opened.ms))
        let first = timed(1) { _ = ContextualEncoder.builtIn.vectors(sentences) }
        Bench.line("  first page (weights paged in)", String(format: "%.1f ms, CPU %.1f ms", first.ms, first.cpu))
        let again = timed(20) { _ = ContextualEncoder.builtIn.vectors(sentences) }
        Bench.line(
            "  a page",
            String(
                format: "%.1f ms, CPU %.1f ms, %.0f tokens/s",
                again.ms, again.cpu, Double(tokens) / again.ms * 1000))
        let single = timed(5) { for s in sentences { _ = ContextualEncoder.builtIn.vector(s) } }
        Bench.line("  the same sentences, one call each", String(format: "%.1f ms, CPU %.1f ms", single.ms, single.cpu))

        print("\nwhole process: pitchcoach-bench encoder-page FILE (encode the page once)")
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
        var baseline = (ms: 0.0, cpu: 0.0)
        // (No peak RSS: a spawned child's maximum starts from this process's, which is larger by now.)
        for mode in ["none", "encode"] {
            _ = Bench.run(me, ["encoder-page", path, mode])
            let runs = (0..<11).map { _ in Bench.run(me, ["encoder-page", path, mode]) }
            let ms = Bench.median(runs.map(\.ms))
            let cpu = Bench.median(runs.map(\.cpu))
            if mode == "none" { baseline = (ms, cpu) }
            Bench.line(
                "  \(mode == "none" ? "start and exit only" : "encode the page")",
                String(
                    format: "%.1f ms (%+.1f), CPU %.1f ms (%+.1f)",
                    ms, ms - baseline.ms, cpu, cpu - baseline.cpu))
        }
    }
}
