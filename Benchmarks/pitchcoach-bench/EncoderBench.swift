import Foundation
import SentenceVectors

/// `pitchcoach-bench encoder [PAGE.txt]`: the contextual encoder on a 30-sentence page — its first use (start-up),
/// then ms a page and tokens a second in process for each way of dequantising the weights, then whole processes
/// (this binary run again with `encoder-page`) that encode the page once, against one that only starts.
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

    static func encoder(_ mode: String) throws -> ContextualEncoder {
        if mode == "per-use" { return ContextualEncoder.builtIn }
        return try ContextualEncoder(weights: ContextualEncoder.builtIn.weights, tokenizer: ContextualEncoder.builtIn.tokenizer,
                                     dequantisation: .once)
    }

    /// `encoder-page FILE MODE`: what one process pays to encode one page (MODE `none`: start and exit only).
    static func encodeOnce(_ arguments: [String]) throws {
        let sentences = try page(arguments.first)
        let mode = arguments.dropFirst().first ?? "per-use"
        guard mode != "none" else { return }
        let vectors = try encoder(mode).vectors(sentences)
        if vectors.count != sentences.count { Foundation.exit(1) }
    }

    static func run(_ arguments: [String]) throws {
        let path = arguments.first ?? defaultPage
        let sentences = try page(path)
        let tokens = sentences.map { min(SentenceEncoder.builtIn.tokenizer.ids($0).count, ContextualEncoder.maxPieces) + 2 }
            .reduce(0, +)
        print("contextual encoder — a page of \(sentences.count) sentences, \(tokens) tokens; medians; "
              + "\(ProcessInfo.processInfo.activeProcessorCount) cores\n")
        print("in process")
        let opened = Bench.time(1) { _ = ContextualEncoder.builtIn }
        Bench.line("  first use: open the weights and plan the pass", String(format: "%.2f ms", opened))
        let first = Bench.time(1) { _ = ContextualEncoder.builtIn.vectors(sentences) }
        Bench.line("  first page (weights paged in, BLAS threads started)", String(format: "%.1f ms", first))
        for mode in ["per-use", "once"] {
            var encoder: ContextualEncoder?
            let made = try Bench.time(1) { encoder = try Self.encoder(mode) }
            let ms = Bench.time(20) { _ = encoder!.vectors(sentences) }
            Bench.line("  dequantise \(mode): a page", String(format: "%.1f ms, %.0f tokens/s (made in %.1f ms)",
                                                             ms, Double(tokens) / ms * 1000, made))
        }
        let single = Bench.time(5) { for s in sentences { _ = ContextualEncoder.builtIn.vector(s) } }
        Bench.line("  the same sentences one call each", String(format: "%.1f ms", single))

        print("\nwhole process: pitchcoach-bench encoder-page FILE MODE (encode the page once)")
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
        var baseline = 0.0
        for mode in ["none", "per-use", "once"] {
            _ = Bench.run(me, ["encoder-page", path, mode])
            let ms = Bench.median((0..<11).map { _ in Bench.run(me, ["encoder-page", path, mode]).ms })
            if mode == "none" { baseline = ms }
            let peak = Bench.run(me, ["encoder-page", path, mode]).mb
            Bench.line("  \(mode == "none" ? "start and exit only" : "dequantise " + mode)",
                       String(format: "%.1f ms (%+.1f ms), peak RSS %.0f MB", ms, ms - baseline, peak))
        }
    }
}
