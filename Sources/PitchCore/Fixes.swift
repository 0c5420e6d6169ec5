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
        // ask", though under a product one fix alone gains little while others are as bad.
        var comesFirst = Set(redLines.map { $0.rubric + "/" + $0.criterion })
        for rubric in rubrics where rubric.level == .high && rubric.weight > 0 {
            let open = rubric.criteria.filter { $0.weight > 0 && $0.score < 0.999 }
            if let worst = open.min(by: { $0.score < $1.score }) { comesFirst.insert(rubric.id + "/" + worst.id) }
        }
        let ranked = all.filter { $0.gain >= 0.5 || comesFirst.contains($0.rubric + "/" + $0.criterion) }.sorted {
            let a = comesFirst.contains($0.rubric + "/" + $0.criterion)
            let b = comesFirst.contains($1.rubric + "/" + $1.criterion)
            return a != b ? a : $0.gain > $1.gain
        }
        // At most two notes on one rubric, as a mentor gives them: the third note goes to another concern (a draft
        // that names nobody and offers the boss nothing hears about both), unless nothing else is worth fixing.
        var chosen: [Fix] = []
        for fix in ranked where chosen.count < 3 {
            let sameRubric = chosen.filter { $0.rubric == fix.rubric }.count
            if sameRubric < 2 || comesFirst.contains(fix.rubric + "/" + fix.criterion) { chosen.append(fix) }
        }
        for fix in ranked where chosen.count < 3 && !chosen.contains(where: { $0.criterion == fix.criterion }) {
            chosen.append(fix)
        }
        return chosen.sorted { a, b in
            let x = comesFirst.contains(a.rubric + "/" + a.criterion)
            let y = comesFirst.contains(b.rubric + "/" + b.criterion)
            return x != y ? x : a.gain > b.gain
        }
    }

}
