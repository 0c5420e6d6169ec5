import Foundation

/// How strongly a sentence shows one criterion: logistic regression over its `SentenceVector`,
/// `1 / (1 + e^-(w·x + b))`. Trained from a criterion's example sentences (`train`); pure and small
/// (one weight per dimension), so a run scores every sentence against every criterion in microseconds.
public struct LinearHead: Equatable, Sendable {
    public var weights: [Float]
    public var bias: Float

    public init(weights: [Float], bias: Float) {
        self.weights = weights
        self.bias = bias
    }

    public func strength(_ vector: SentenceVector) -> Double {
        guard vector.pieces > 0 else { return 0 }
        var z = bias
        weights.withUnsafeBufferPointer { w in
            vector.values.withUnsafeBufferPointer { x in
                for d in 0..<min(w.count, x.count) { z += w[d] * x[d] }
            }
        }
        return 1 / (1 + exp(-Double(z)))
    }

    /// One labelled sentence for training; `weight` says how much it counts.
    public struct Sample: Sendable {
        public var vector: SentenceVector
        public var shows: Bool
        public var weight: Float
        public init(vector: SentenceVector, shows: Bool, weight: Float = 1) {
            self.vector = vector
            self.shows = shows
            self.weight = weight
        }
    }

    /// Settings of the fit, fixed so that a build always trains the same heads from the same examples.
    public struct Training: Sendable {
        /// L2 penalty on the standardised weights: larger generalises more, fits the examples less. 1 was best in
        /// five-fold cross-validation on the rubrics' examples among 0.01–10 (`pitchcoach-bench heads`).
        public var l2: Float = 1
        public var steps = 300
        public var learningRate: Float = 0.05
        public init() {}
    }

    /// Fits a head: features standardised over all samples (then folded back into the weights), the two
    /// classes weighted to count alike (a criterion has tens of examples against hundreds of others),
    /// full-batch Adam on the weighted log loss plus the L2 penalty. Deterministic.
    public static func train(_ samples: [Sample], _ training: Training = Training()) -> LinearHead {
        guard let dimensions = samples.first?.vector.values.count, dimensions > 0 else {
            return LinearHead(weights: [], bias: -10)
        }
        let n = samples.count
        var mean = [Float](repeating: 0, count: dimensions)
        var spread = [Float](repeating: 0, count: dimensions)
        for s in samples { for d in 0..<dimensions { mean[d] += s.vector.values[d] } }
        for d in 0..<dimensions { mean[d] /= Float(n) }
        for s in samples {
            for d in 0..<dimensions {
                let x = s.vector.values[d] - mean[d]
                spread[d] += x * x
            }
        }
        for d in 0..<dimensions { spread[d] = max((spread[d] / Float(n)).squareRoot(), 1e-6) }
        // Row-major standardised features, labels, and weights normalised so each class sums to 1/2.
        var x = [Float](repeating: 0, count: n * dimensions)
        for (i, s) in samples.enumerated() {
            for d in 0..<dimensions { x[i * dimensions + d] = (s.vector.values[d] - mean[d]) / spread[d] }
        }
        let positiveTotal = samples.filter(\.shows).map(\.weight).reduce(0, +)
        let negativeTotal = samples.filter { !$0.shows }.map(\.weight).reduce(0, +)
        guard positiveTotal > 0 else { return LinearHead(weights: [Float](repeating: 0, count: dimensions), bias: -10) }
        let sampleWeight = samples.map { $0.weight / (2 * ($0.shows ? positiveTotal : max(negativeTotal, 1e-6))) }
        let label = samples.map { Float($0.shows ? 1 : 0) }

        var w = [Float](repeating: 0, count: dimensions)
        var b: Float = 0
        var m = [Float](repeating: 0, count: dimensions + 1)
        var v = [Float](repeating: 0, count: dimensions + 1)
        var gradient = [Float](repeating: 0, count: dimensions + 1)
        let beta1: Float = 0.9
        let beta2: Float = 0.999
        let epsilon: Float = 1e-8
        x.withUnsafeBufferPointer { x in
            for step in 1...training.steps {
                for d in 0..<dimensions { gradient[d] = training.l2 * w[d] }
                gradient[dimensions] = 0
                for i in 0..<n {
                    let row = x.baseAddress! + i * dimensions
                    var z = b
                    for d in 0..<dimensions { z += w[d] * row[d] }
                    let p = 1 / (1 + exp(-z))
                    let g = sampleWeight[i] * (p - label[i])
                    for d in 0..<dimensions { gradient[d] += g * row[d] }
                    gradient[dimensions] += g
                }
                let correction1 = 1 - pow(beta1, Float(step))
                let correction2 = 1 - pow(beta2, Float(step))
                for d in 0...dimensions {
                    m[d] = beta1 * m[d] + (1 - beta1) * gradient[d]
                    v[d] = beta2 * v[d] + (1 - beta2) * gradient[d] * gradient[d]
                    let delta =
                        training.learningRate * (m[d] / correction1) / ((v[d] / correction2).squareRoot() + epsilon)
                    if d == dimensions { b -= delta } else { w[d] -= delta }
                }
            }
        }
        // Fold the standardisation in: w·(x−μ)/σ + b = (w/σ)·x + (b − Σ w μ/σ).
        var folded = [Float](repeating: 0, count: dimensions)
        var bias = b
        for d in 0..<dimensions {
            folded[d] = w[d] / spread[d]
            bias -= w[d] * mean[d] / spread[d]
        }
        return LinearHead(weights: folded, bias: bias)
    }
}
