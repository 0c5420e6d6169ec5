/// Spearman's rank correlation, as the calibration against raters uses it (ties take their mean rank).
public enum RankCorrelation {
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            for k in i...j { ranks[order[k]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        return ranks
    }

    public static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        let ra = ranks(a)
        let rb = ranks(b)
        let ma = ra.reduce(0, +) / Double(ra.count)
        let mb = rb.reduce(0, +) / Double(rb.count)
        let num = zip(ra, rb).map { ($0 - ma) * ($1 - mb) }.reduce(0, +)
        let den = (ra.map { ($0 - ma) * ($0 - ma) }.reduce(0, +) * rb.map { ($0 - mb) * ($0 - mb) }.reduce(0, +))
            .squareRoot()
        return den == 0 ? 0 : num / den
    }
}
