import Foundation

/// Numbers as they are shown: in messages without noise, in JSON rounded so the output is stable.
public enum NumberText {
    /// 1 → "1", 1.5 → "1.5": a whole number without a point, any other with one decimal (weights, thresholds,
    /// seconds).
    public static func short(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// The value rounded to `places` decimals (scores to 1, strengths to 3), half away from zero.
    public static func rounded(_ value: Double, places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (value * factor).rounded() / factor
    }
}
