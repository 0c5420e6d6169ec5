import Dispatch
import Foundation

/// Sentences → `SentenceVector`s with the whole model, all-MiniLM-L6-v2 (or weights fine-tuned from it, in the
/// same file format): each sentence is read in context, as `[CLS] pieces [SEP]`, through the embeddings and their
/// LayerNorm, then every layer's 12-head self-attention and GELU feed-forward, each followed by a residual and
/// LayerNorm (post-LayerNorm BERT); the vector is the mean of the sentence's output rows ([CLS] and [SEP] included,
/// as sentence-transformers pools), L2-normalised. Matches the numpy pass of `Models/generate_table.py` (MiniLM).
///
/// A call encodes its sentences together: every linear layer is one matrix product over all the sentences'
/// tokens stacked (what makes it fast), while attention stays within each sentence; the sentences are shared
/// between the cores. Pure: nothing is kept between calls, so one encoder can serve many threads.
public final class ContextualEncoder: Sendable {
    /// Pieces read from one sentence, beyond which it is cut: sentence-transformers' 128 positions, less [CLS] and
    /// [SEP]. (A sentence that long is rare; the reference vectors are made the same way.)
    public static let maxPieces = 126
    static let classID = 101, separatorID = 102

    public let weights: EncoderWeights
    public let tokenizer: WordPieceTokenizer
    private let plan: Plan

    /// The encoder over the weights linked into the binary, with the built-in table's tokenizer (the same
    /// vocabulary). Made on first use.
    public static let builtIn: ContextualEncoder = {
        do {
            return try ContextualEncoder(
                weights: EncoderWeights(bytes: EncoderWeights.builtInBytes),
                tokenizer: SentenceEncoder.builtIn.tokenizer)
        } catch {
            fatalError("the encoder weights linked into this binary are damaged: \(error)")
        }
    }()

    /// Checks that every tensor the pass reads is there with its expected shape (so a call cannot fail later).
    public init(weights: EncoderWeights, tokenizer: WordPieceTokenizer) throws {
        guard weights.vocabulary == tokenizer.table.rows else {
            throw EncoderWeights.FormatError(
                description: "the weights' vocabulary (\(weights.vocabulary)) is not the tokenizer's")
        }
        self.weights = weights
        self.tokenizer = tokenizer
        EncoderKernels.kernelsChosen
        plan = try Plan(weights)
    }

    /// The vector of one sentence (the same as encoding it within a batch).
    public func vector(_ sentence: String) -> SentenceVector { vectors([sentence])[0] }

    /// The vectors of `sentences`, in order. `pieces` is the number of pieces read (at most `maxPieces`); a sentence
    /// with none is still encoded as `[CLS] [SEP]`, and its `pieces` of 0 tells a head to ignore it.
    public func vectors(_ sentences: [String]) -> [SentenceVector] {
        let tokens = sentences.map { [Self.classID] + tokenizer.ids($0).prefix(Self.maxPieces) + [Self.separatorID] }
        let groups = Self.groups(tokens.map(\.count), workers: ProcessInfo.processInfo.activeProcessorCount)
        var out = [SentenceVector](repeating: SentenceVector(values: [], pieces: 0), count: tokens.count)
        out.withUnsafeMutableBufferPointer { buffer in
            // Each group writes only its own sentences' slots.
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: groups.count) { g in
                let range = groups[g]
                for (index, vector) in zip(range, forward(Array(tokens[range]))) { out[index] = vector }
            }
        }
        return out
    }

    /// Consecutive groups of sentences with about the same number of tokens, one for each worker: a group runs the
    /// whole pass on its own thread, with OpenBLAS single-threaded (see `EncoderKernels.kernelsChosen`), so every
    /// stage runs in parallel, not only the products. A small batch (under 64 tokens a worker) stays in one group.
    static func groups(_ lengths: [Int], workers: Int) -> [Range<Int>] {
        let total = lengths.reduce(0, +)
        let count = max(1, min(workers, total / 64))
        var groups: [Range<Int>] = []
        var start = 0
        var sum = 0
        for (index, length) in lengths.enumerated() {
            sum += length
            if sum * count >= total * (groups.count + 1) && groups.count < count - 1 {
                groups.append(start..<index + 1)
                start = index + 1
            }
        }
        if start < lengths.count || groups.isEmpty { groups.append(start..<lengths.count) }
        return groups
    }

    /// The pass over one group of sentences (token ids with [CLS] and [SEP]) on the calling thread.
    private func forward(_ tokens: [[Int]]) -> [SentenceVector] {
        guard !tokens.isEmpty else { return [] }
        var work = Workspace(plan, lengths: tokens.map(\.count))
        defer { work.release() }
        embed(tokens, &work)
        for layer in plan.layers { run(layer, &work) }
        return zip(tokens, work.starts).map { ids, start in
            SentenceVector(values: pooled(work.x + start * plan.hidden, rows: ids.count), pieces: ids.count - 2)
        }
    }

    /// Word + position + token type 0 embeddings of every token, then LayerNorm.
    private func embed(_ tokens: [[Int]], _ work: inout Workspace) {
        let width = plan.hidden
        let extra = work.scratch // one row of room for the position and type rows
        for (ids, start) in zip(tokens, work.starts) {
            for (position, id) in ids.enumerated() {
                let row = work.x + (start + position) * width
                plan.words.write(rows: id..<id + 1, to: row)
                plan.positions.write(rows: position..<position + 1, to: extra)
                for c in 0..<width { row[c] += extra[c] }
                plan.tokenType.write(rows: 0..<1, to: extra)
                for c in 0..<width { row[c] += extra[c] }
            }
        }
        EncoderKernels.layerNorm(
            work.x, rows: work.total, width: width, gamma: plan.embeddingNorm.gamma,
            beta: plan.embeddingNorm.beta)
    }

    /// One encoder layer over every token: attention within each sentence, then the feed-forward, each added to its
    /// input and normalised.
    private func run(_ layer: Plan.Layer, _ work: inout Workspace) {
        let total = work.total
        let hidden = plan.hidden
        layer.qkv.apply(work.x, rows: total, residual: nil, into: work.qkv, scratch: work.scratch)
        for (length, start) in zip(work.lengths, work.starts) {
            EncoderKernels.attention(
                work.qkv + start * 3 * hidden, length: length, hidden: hidden, heads: plan.heads,
                context: work.context + start * hidden, scores: work.scores)
        }
        layer.output.apply(work.context, rows: total, residual: work.x, into: work.sum, scratch: work.scratch)
        EncoderKernels.layerNorm(
            work.sum, rows: total, width: hidden, gamma: layer.attentionNorm.gamma,
            beta: layer.attentionNorm.beta)
        layer.up.apply(work.sum, rows: total, residual: nil, into: work.inner, scratch: work.scratch)
        EncoderKernels.gelu(work.inner, count: total * plan.intermediate)
        layer.down.apply(work.inner, rows: total, residual: work.sum, into: work.x, scratch: work.scratch)
        EncoderKernels.layerNorm(
            work.x, rows: total, width: hidden, gamma: layer.outputNorm.gamma,
            beta: layer.outputNorm.beta)
    }

    /// Mean of `rows` rows, L2-normalised.
    private func pooled(_ x: UnsafePointer<Float>, rows: Int) -> [Float] {
        let width = plan.hidden
        var mean = [Float](repeating: 0, count: width)
        for r in 0..<rows { for c in 0..<width { mean[c] += x[r * width + c] } }
        var norm: Float = 0
        for c in 0..<width {
            mean[c] /= Float(rows)
            norm += mean[c] * mean[c]
        }
        norm = norm.squareRoot()
        if norm > 0 { for c in 0..<width { mean[c] /= norm } }
        return mean
    }
}

/// The buffers of one call, sized for its tokens; allocated together and freed when the call ends.
private struct Workspace {
    let lengths: [Int], starts: [Int], total: Int
    /// Hidden states (total × hidden), the attention's [Q | K | V] (total × 3·hidden), its context, the sum after
    /// attention (both total × hidden) and the feed-forward's inner rows (total × intermediate).
    let x, qkv, context, sum, inner: UnsafeMutablePointer<Float>
    /// One sentence's attention scores (longest² floats) and the weight scratch (the largest matrix).
    let scores, scratch: UnsafeMutablePointer<Float>
    private let block: UnsafeMutablePointer<Float>

    init(_ plan: ContextualEncoder.Plan, lengths: [Int]) {
        self.lengths = lengths
        var starts: [Int] = []
        var total = 0
        for length in lengths {
            starts.append(total)
            total += length
        }
        self.starts = starts
        self.total = total
        let longest = lengths.max() ?? 0
        let sizes = [
            total * plan.hidden, total * 3 * plan.hidden, total * plan.hidden, total * plan.hidden,
            total * plan.intermediate, longest * longest, max(plan.scratchSize, plan.hidden),
        ]
        // Every part starts 64 bytes apart from the last (16 floats), so the products read aligned rows.
        let rounded = sizes.map { ($0 + 15) / 16 * 16 }
        block = UnsafeMutableRawPointer.allocate(byteCount: 4 * rounded.reduce(0, +), alignment: 64)
            .bindMemory(to: Float.self, capacity: rounded.reduce(0, +))
        var parts: [UnsafeMutablePointer<Float>] = []
        var at = 0
        for size in rounded {
            parts.append(block + at)
            at += size
        }
        (x, qkv, context, sum, inner) = (parts[0], parts[1], parts[2], parts[3], parts[4])
        (scores, scratch) = (parts[5], parts[6])
    }

    func release() { block.deallocate() }
}
