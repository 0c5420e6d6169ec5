/// Stage 5: the fixes a card proposes, their gains by the rubrics' own aggregation (`Aggregate.gain`).
enum Fixes {
    /// The criteria whose reaching full marks would raise the overall score most.
    static func top(_ rubrics: [RubricScore], redLines: [RedLine] = []) -> [Fix] {
        var all: [Fix] = []
        for rubric in rubrics {
            for (k, criterion) in rubric.criteria.enumerated() where criterion.score < 0.999 {
                let gain = Aggregate.gain(fixing: k, of: rubric, among: rubrics)
                all.append(
                    Fix(
                        rubric: rubric.id, criterion: criterion.id, criterionName: criterion.name, gain: gain,
                        advice: criterion.advice, template: criterion.template))
            }
        }
        // A red line comes first whatever it is worth in points: the draft must not go out with it. Then, in a
        // rubric at high risk, its worst criterion: a bitter draft hears "take out the blame" before "lead with the
        // ask", though under a product one fix alone gains little while others are as bad. The worst of the things
        // to avoid, when one is open: they name the sentences to take out, where a whole-text reading sums them up.
        var comesFirst = Set(redLines.map { $0.rubric + "/" + $0.criterion })
        for rubric in rubrics where rubric.level == .high && rubric.weight > 0 {
            let open = rubric.criteria.filter { $0.weight > 0 && $0.score < 0.999 }
            let named = open.filter(\.avoids)
            if let worst = (named.isEmpty ? open : named).min(by: { $0.score < $1.score }) {
                comesFirst.insert(rubric.id + "/" + worst.id)
            }
        }
        let key = { (fix: Fix) in fix.rubric + "/" + fix.criterion }
        let before = { (a: Fix, b: Fix) -> Bool in
            let (x, y) = (comesFirst.contains(key(a)), comesFirst.contains(key(b)))
            return x != y ? x : a.gain > b.gain
        }
        let ranked = all.filter { $0.gain >= 0.5 || comesFirst.contains(key($0)) }.sorted(by: before)
        // At most two notes on one rubric, as a mentor gives them: the third note goes to another concern (a draft
        // that names nobody and offers the boss nothing hears about both), unless nothing else is worth fixing.
        var chosen: [Fix] = []
        for fix in ranked where chosen.count < 3 {
            if comesFirst.contains(key(fix)) || chosen.filter({ $0.rubric == fix.rubric }).count < 2 {
                chosen.append(fix)
            }
        }
        for fix in ranked where chosen.count < 3 && !chosen.contains(where: { key($0) == key(fix) }) {
            chosen.append(fix)
        }
        return chosen.sorted(by: before)
    }
}
