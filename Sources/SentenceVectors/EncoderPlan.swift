extension ContextualEncoder {
    /// What the forward pass reads, looked up by name once (Hugging Face BERT names, `bert.` prefix removed), with
    /// every shape checked against the header's sizes. Pointers into the weights' bytes: nothing is copied.
    struct Plan: @unchecked Sendable {
        let hidden: Int, heads: Int, intermediate: Int
        let words: EncoderWeights.Tensor, positions: EncoderWeights.Tensor, tokenType: EncoderWeights.Tensor
        let embeddingNorm: Norm
        let layers: [Layer]
        /// Floats of scratch the largest weight needs when dequantised just before its product.
        let scratchSize: Int

        struct Norm {
            let gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>

            init(_ weights: EncoderWeights, _ prefix: String) throws {
                gamma = try weights.vector(prefix + ".weight", weights.hidden)
                beta = try weights.vector(prefix + ".bias", weights.hidden)
            }
        }

        struct Layer {
            /// Query, key and value fused: one product gives [Q | K | V] for every token.
            let qkv: Linear, output: Linear, up: Linear, down: Linear
            let attentionNorm: Norm, outputNorm: Norm
        }

        init(_ weights: EncoderWeights) throws {
            hidden = weights.hidden
            heads = weights.heads
            intermediate = weights.intermediate
            guard weights.maxPositions >= ContextualEncoder.maxPieces + 2 else {
                throw EncoderWeights.FormatError(description: "the weights have too few positions for a sentence")
            }
            words = try weights.tensor("embeddings.word_embeddings.weight", rows: weights.vocabulary, columns: hidden)
            positions = try weights.tensor(
                "embeddings.position_embeddings.weight", rows: weights.maxPositions,
                columns: hidden)
            // Only row 0 is used (one sentence per sequence); the file may keep only that row.
            tokenType = try weights.tensor("embeddings.token_type_embeddings.weight", rows: nil, columns: hidden)
            embeddingNorm = try Norm(weights, "embeddings.LayerNorm")
            var layers: [Layer] = []
            for index in 0..<weights.layers {
                let p = "encoder.layer.\(index)."
                func linear(_ names: [String], inputs: Int, outputs: Int) throws -> Linear {
                    try Linear(weights, names.map { p + $0 }, inputs: inputs, outputs: outputs)
                }
                layers.append(
                    Layer(
                        qkv: try linear(
                            ["attention.self.query", "attention.self.key", "attention.self.value"],
                            inputs: hidden, outputs: hidden),
                        output: try linear(["attention.output.dense"], inputs: hidden, outputs: hidden),
                        up: try linear(["intermediate.dense"], inputs: hidden, outputs: intermediate),
                        down: try linear(["output.dense"], inputs: intermediate, outputs: hidden),
                        attentionNorm: try Norm(weights, p + "attention.output.LayerNorm"),
                        outputNorm: try Norm(weights, p + "output.LayerNorm")))
            }
            self.layers = layers
            scratchSize = layers.flatMap { [$0.qkv, $0.output, $0.up, $0.down] }.map(\.scratchSize).max() ?? 0
        }
    }

    /// A linear layer, y = x Wᵀ + b, whose W is one or more of the file's [out, in] matrices stacked by rows (Q, K
    /// and V are stacked into one), each with its bias. An int8 W is dequantised into the caller's scratch just before
    /// its product, every call, rather than once for all: measured on a 30-sentence page in a whole process, once
    /// costs more CPU (137 ms against 119: 42 MB of floats written and paged in, most of them read only once) and
    /// 37 MB more memory, and saves only ~3 ms a page when a process encodes page after page.
    struct Linear {
        let parts: [(weight: EncoderWeights.Tensor, bias: UnsafePointer<Float>)]
        let inputs: Int, outputs: Int

        /// Each of `names` gives one part of `outputs` rows.
        init(_ weights: EncoderWeights, _ names: [String], inputs: Int, outputs: Int) throws {
            parts = try names.map { name in
                (
                    try weights.tensor(name + ".weight", rows: outputs, columns: inputs),
                    try weights.vector(name + ".bias", outputs)
                )
            }
            self.inputs = inputs
            self.outputs = outputs * names.count
        }

        /// A float32 W with one part is read in place; any other is written into scratch before its product.
        private var inPlace: UnsafePointer<Float>? { parts.count == 1 ? parts[0].weight.floats : nil }

        /// Floats of scratch `apply` needs.
        var scratchSize: Int { inPlace == nil ? outputs * inputs : 0 }

        /// y = x Wᵀ + b (+ residual) over `rows` rows of x. y starts as the bias and the residual, and the product
        /// adds to it (beta 1), so neither needs a pass of its own.
        func apply(
            _ x: UnsafePointer<Float>, rows: Int, residual: UnsafePointer<Float>?,
            into y: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
        ) {
            for r in 0..<rows {
                var at = y + r * outputs
                for part in parts {
                    at.update(from: part.bias, count: part.weight.rows)
                    at += part.weight.rows
                }
                if let residual {
                    let row = y + r * outputs
                    let added = residual + r * outputs
                    for c in 0..<outputs { row[c] += added[c] }
                }
            }
            var weight = inPlace
            if weight == nil {
                var row = 0
                for part in parts {
                    part.weight.write(rows: 0..<part.weight.rows, to: scratch + row * inputs)
                    row += part.weight.rows
                }
                weight = UnsafePointer(scratch)
            }
            EncoderKernels.product(x, rows: rows, weight: weight!, inputs: inputs, outputs: outputs, into: y)
        }
    }
}
