import Foundation
import XCTest

/// Random test inputs that a failure can be repeated with: a generator from a seed, the seed printed when
/// the test fails, and `PITCHCOACH_TEST_SEED=N` to run the test again on the same inputs.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    /// A fixed seed: the same inputs on every run.
    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// `PITCHCOACH_TEST_SEED` when set, else a fresh seed: new inputs on every run.
    public static func fromEnvironmentOrFresh() -> SeededGenerator {
        let given = ProcessInfo.processInfo.environment["PITCHCOACH_TEST_SEED"].flatMap { UInt64($0) }
        return SeededGenerator(seed: given ?? UInt64.random(in: 0...UInt64.max))
    }

    /// A 64-bit linear congruential step with its high bits folded down (Knuth's MMIX constants): small, fast
    /// and the same on every platform, which is all a test input needs.
    public mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
}

extension XCTestCase {
    /// A generator for this test's random inputs; if the test fails, its seed is printed with the way to
    /// rerun on the same inputs.
    public func randomInputs() -> SeededGenerator {
        let generator = SeededGenerator.fromEnvironmentOrFresh()
        let seed = generator.seed
        addTeardownBlock { [unowned self] in
            if let run = self.testRun, run.totalFailureCount > 0 {
                print("\(self.name): random inputs from seed \(seed); PITCHCOACH_TEST_SEED=\(seed) repeats them")
            }
        }
        return generator
    }
}
