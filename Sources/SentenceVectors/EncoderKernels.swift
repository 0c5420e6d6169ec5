@preconcurrency import COpenBLAS

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The pieces of the forward pass other than its plan: linear layers through OpenBLAS, attention, LayerNorm, GELU.
/// All work on row-major float matrices given as pointers, one row per token.
enum EncoderKernels {
    /// `y = x Wᵀ + y` for `rows` rows: x is rows × inputs, W is outputs × inputs (the file's [out, in]), y is
    /// rows × outputs and arrives holding what the product adds to (the bias, and the residual where there is one).
    static func product(
        _ x: UnsafePointer<Float>, rows: Int, weight: UnsafePointer<Float>, inputs: Int, outputs: Int,
        into y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs),
            1, x, Int32(inputs), weight, Int32(inputs), 1, y, Int32(outputs))
    }

    /// Self-attention of one sentence, every head: `qkv` holds its `length` rows of [Q | K | V] (3 × hidden wide),
    /// `context` receives its `length` rows (hidden wide), `scores` has room for length × length floats.
    /// Per head: softmax(Q Kᵀ / √d) V, with Q, K and V read as strided views of `qkv` (no copies).
    static func attention(
        _ qkv: UnsafePointer<Float>, length: Int, hidden: Int, heads: Int,
        context: UnsafeMutablePointer<Float>, scores: UnsafeMutablePointer<Float>
    ) {
        let size = hidden / heads
        let stride = 3 * hidden
        let n = Int32(length)
        let scale = 1 / Float(size).squareRoot()
        for head in 0..<heads {
            let q = qkv + head * size
            let k = q + hidden
            let v = q + 2 * hidden
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, n, n, Int32(size),
                scale, q, Int32(stride), k, Int32(stride), 0, scores, n)
            for i in 0..<length { softmax(scores + i * length, length) }
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, n, Int32(size), n,
                1, scores, n, v, Int32(stride), 0, context + head * size, Int32(hidden))
        }
    }

    /// Softmax in place, shifted by the maximum so no exponential overflows.
    static func softmax(_ row: UnsafeMutablePointer<Float>, _ count: Int) {
        var largest = -Float.infinity
        for j in 0..<count { largest = max(largest, row[j]) }
        var sum: Float = 0
        for j in 0..<count {
            row[j] = expf(row[j] - largest)
            sum += row[j]
        }
        let inverse = 1 / sum
        for j in 0..<count { row[j] *= inverse }
    }

    /// LayerNorm of every row in place: (x − mean) / √(variance + eps) · gamma + beta (BERT's eps is 1e-12).
    static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>
    ) {
        for r in 0..<rows {
            let row = x + r * width
            var mean: Float = 0
            for c in 0..<width { mean += row[c] }
            mean /= Float(width)
            var variance: Float = 0
            for c in 0..<width { variance += (row[c] - mean) * (row[c] - mean) }
            let inverse = 1 / (variance / Float(width) + 1e-12).squareRoot()
            for c in 0..<width { row[c] = (row[c] - mean) * inverse * gamma[c] + beta[c] }
        }
    }

    /// OpenBLAS's best kernels for this CPU (see `kernels.h`), chosen once before the first product; and one
    /// thread a call: the encoder shares its sentences between the cores itself (`ContextualEncoder.groups`), which
    /// also runs attention, GELU and LayerNorm in parallel, where OpenBLAS's threads would only share the products.
    static let kernelsChosen: Void = {
        pitchcoach_openblas_choose_kernels()
        openblas_set_num_threads(1)
        _ = blas_thread_shutdown_()
    }()

    /// GELU, the exact (erf) form BERT uses: x/2 · (1 + erf(x/√2)), in place.
    static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = 0.5 * x[i] * (1 + erf(x[i] * 0.70710678)) }
    }

    /// erf as a ratio of two polynomials on [-4, 4] (beyond it erf is ±1 in float32): Eigen's and XLA's float erf.
    /// Within 5e-7 of the exact value (a test checks it), and, unlike libm's `erff`, branch-free, so the GELU loop
    /// runs in SIMD: libm's took a fifth of the encoder's time.
    @inline(__always)
    static func erf(_ value: Float) -> Float {
        let x = Swift.min(Swift.max(value, -4), 4)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 - 2.10102402082508e-06
        p = p * x2 - 5.69250639462346e-05
        p = p * x2 - 7.34990630326855e-04
        p = p * x2 - 2.95459980854025e-03
        p = p * x2 - 1.60960333262415e-02
        var q: Float = -1.45660718464996e-05
        q = q * x2 - 2.13374055278905e-04
        q = q * x2 - 1.68282697438203e-03
        q = q * x2 - 7.37332916720468e-03
        q = q * x2 - 1.42647390514189e-02
        return x * p / q
    }
}
