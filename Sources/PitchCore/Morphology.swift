import Foundation
import Synchronization

/// Light English morphology, enough for "groom / grooms / groomed / grooming" to be one word,
/// and for contractions to read as the words they stand for.
enum Morphology {
    static let irregular: [String: String] = [
        "took": "take", "taken": "take", "led": "lead", "left": "leave", "thought": "think", "made": "make",
        "went": "go", "gone": "go", "felt": "feel", "gave": "give", "given": "give", "told": "tell",
        "brought": "bring", "kept": "keep", "ran": "run", "began": "begin", "begun": "begin", "became": "become",
        "chose": "choose", "chosen": "choose", "did": "do", "done": "do", "does": "do", "had": "have", "has": "have",
        "paid": "pay", "spent": "spend", "built": "build", "taught": "teach", "sought": "seek", "won": "win",
        "lost": "lose", "met": "meet", "sold": "sell", "stood": "stand", "understood": "understand", "held": "hold",
        "forgot": "forget",
        "forgotten": "forget", "got": "get", "gotten": "get", "said": "say", "saw": "see", "seen": "see",
        "wrote": "write", "written": "write", "grew": "grow", "grown": "grow", "knew": "know", "known": "know",
        "men": "man", "women": "woman", "people": "person", "children": "child", "better": "good", "best": "good",
    ]

    /// Contractions become their words: "won't" → will not, "I'll" → i will, "she's" → she 's.
    static func expand(_ word: String) -> [String] {
        if word.contains("-") { return word.split(separator: "-").flatMap { expand(String($0)) } }
        guard word.contains("'") else { return [word] }
        switch word {
        case "won't": return ["will", "not"]
        case "can't": return ["can", "not"]
        case "shan't": return ["shall", "not"]
        case "ain't": return ["is", "not"]
        default: break
        }
        if word.hasSuffix("n't") { return [String(word.dropLast(3)), "not"] }
        for (suffix, full) in [("'ll", "will"), ("'re", "are"), ("'ve", "have"), ("'m", "am"), ("'d", "would")]
        where word.hasSuffix(suffix) {
            return [String(word.dropLast(suffix.count)), full]
        }
        if word.hasSuffix("'s") { return [String(word.dropLast(2)), "'s"] }
        return [word.replacingOccurrences(of: "'", with: "")]
    }

    /// A key shared by a word's inflections. Not a linguistic stem: only ever compared with another stem.
    static func stem(_ word: String) -> String {
        if let base = irregular[word], base != word { return stem(base) }
        var w = Array(word)
        guard w.count > 3, w.allSatisfy({ $0.isLetter }) else { return word }
        func ends(_ s: String) -> Bool { w.count > s.count + 1 && w.suffix(s.count).elementsEqual(s) }
        if ends("ies") || ends("ied") {
            w.removeLast(3)
            w.append("y")
        } else if ends("ing") && w.count >= 6 {
            w.removeLast(3)
        } else if ends("ed") && w.count >= 5 {
            w.removeLast(2)
        } else if ends("sses") || ends("ches") || ends("shes") || ends("xes") {
            w.removeLast(2)
        } else if ends("s") && !ends("ss") && !ends("us") && !ends("is") {
            w.removeLast()
        }
        if w.count > 2 && w[w.count - 1] == w[w.count - 2] && !"aeiou".contains(w[w.count - 1]) { w.removeLast() }
        if w.count > 3 && w.last == "e" { w.removeLast() }
        if w.count > 3 && w.last == "y" { w[w.count - 1] = "i" }
        return String(w)
    }

    static let negators: Set<String> = [
        "not", "no", "never", "without", "nor", "cannot", "neither", "none", "nothing", "nobody",
    ]
}

/// Every stem gets a small integer the first time it is seen, so the phrase trie compares and hashes
/// integers rather than strings (string hashing was a third of matching a long text).
enum StemTable {
    private static let table = Mutex<(ids: [String: Int32], stems: [String])>(([:], []))

    static func id(_ stem: String) -> Int32 {
        table.withLock { table in
            if let id = table.ids[stem] { return id }
            let id = Int32(truncatingIfNeeded: table.stems.count)
            table.ids[stem] = id
            table.stems.append(stem)
            return id
        }
    }

    /// The stem an id stands for.
    static func stem(of id: Int32) -> String {
        table.withLock { $0.stems[Int(id)] }
    }
}
