import ArgumentParser
import Foundation
import PitchCore

/// `pitchcoach rubrics list|show|test`: the rubrics are data; these commands let a writer see and check them.
struct RubricsCommand: SharedCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubrics",
        abstract: "List, show and test the rubrics that scores are made from.",
        subcommands: [List.self, Show.self, Test.self]
    )
    static let replUsage = "rubrics [ID | list | show ID | test [DIR]]"

    /// `rubrics` lists them, `rubrics ID` shows one; `rubrics list|show|test …` as on the command line.
    static func replArguments(_ words: [String], pitch: String?) throws -> [String] {
        guard let first = words.first else { return ["list"] }
        return ["list", "show", "test"].contains(first) || first.hasPrefix("-") ? words : ["show"] + words
    }

    func run(in context: CommandContext) throws { throw CleanExit.helpRequest(self) }

    struct List: SharedCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the rubrics in use: id, weight, criteria, file.")
        @OptionGroup var options: RubricsFolderOption
        @OptionGroup var colorOption: ColorOption
        static let replUsage = "rubrics list"
        func run() throws { try run(in: .commandLine(Workspace(rubricsDirectory: options.rubrics))) }
        func run(in context: CommandContext) throws {
            let all = try RubricFolders.loadAll(
                rubricsDirectory: options.rubrics ?? context.workspace.rubricsDirectory,
                environment: context.workspace.environment)
            let width = all.map(\.id.count).max() ?? 0
            let weightWidth = all.map { ("weight " + NumberText.short($0.weight)).count }.max() ?? 0
            let countWidth = all.map { String($0.criteria.count).count }.max() ?? 0
            for rubric in all {
                let id = rubric.id.padding(toLength: width, withPad: " ", startingAt: 0)
                let weight = ("weight " + NumberText.short(rubric.weight)).padding(
                    toLength: weightWidth, withPad: " ", startingAt: 0)
                let count = String(rubric.criteria.count).leftPad(countWidth)
                context.say("\(id)  \(weight)  \(count) criteria  \(rubric.name)  (\(rubric.source))")
            }
        }
    }

    struct Show: SharedCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one rubric: its criteria, weights, advice and examples.")
        @Argument(help: ArgumentHelp("The rubric id (see 'pitchcoach rubrics list').", valueName: "id"))
        var id: String
        @OptionGroup var options: RubricsFolderOption
        @OptionGroup var colorOption: ColorOption
        static let replUsage = "rubrics show ID"
        func run() throws { try run(in: .commandLine(Workspace(rubricsDirectory: options.rubrics))) }
        func run(in context: CommandContext) throws {
            let workspace = Workspace(
                environment: context.workspace.environment,
                rubricsDirectory: options.rubrics ?? context.workspace.rubricsDirectory, rubricSelections: [id])
            guard let rubric = try workspace.rubrics().first else { return }
            let print = context.say
            print("\(rubric.name) [\(rubric.id)] weight \(NumberText.short(rubric.weight)) — \(rubric.source)")
            if !rubric.summary.isEmpty { print(rubric.summary) }
            for criterion in rubric.criteria {
                print("\n  \(criterion.id) (weight \(NumberText.short(criterion.weight))): \(criterion.name)")
                print("    advice: \(criterion.advice)")
                if let template = criterion.template { print("    template: \(template)") }
                for example in criterion.examples {
                    print("    \(example.meets ? "meets " : "misses"): \(example.text)")
                }
            }
        }
    }

    struct Test: SharedCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run every example of every criterion; exit 1 if a criterion does not hold.",
            discussion: """
                Each criterion carries 'meets' and 'misses' examples, as SwiftLint rules carry triggering and \
                non-triggering ones. A criterion with phrases alone must hold every example. A criterion that learns \
                from its examples (8 or more that show it) must recognise at least 60% of them, and a rubric's \
                neutral sentences must mostly be left alone; the examples it gets wrong are listed, so that you can \
                add examples like them.
                """
        )
        @Argument(
            help: ArgumentHelp(
                "Test only the rubric files in this folder, or this one file (default: the rubrics in use).",
                valueName: "dir|file"),
            completion: .file())
        var directory: String?
        @Flag(name: .shortAndLong, help: "List every example, not only the failures.")
        var verbose = false
        static let replUsage = "rubrics test [DIR]"
        func run() throws { try run(in: .commandLine(Workspace())) }
        func run(in context: CommandContext) throws {
            let print = context.say
            let rubrics: [Rubric]
            var isFolder: ObjCBool = false
            if let directory, FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder),
                !isFolder.boolValue
            {
                rubrics = [try RubricFolders.parse(try RubricFolders.readYAML(directory), name: directory)]
            } else if let directory {
                let files = try RubricFolders.yamlFiles(in: directory, required: true)
                guard !files.isEmpty else { throw CLIError("\(directory): no .yaml rubric files in this folder") }
                rubrics = try files.map { try RubricFolders.parse($0.text, name: $0.name) }
            } else {
                rubrics = try RubricFolders.loadAll(rubricsDirectory: nil, environment: context.workspace.environment)
            }
            let trained = try RubricFolders.trained(rubrics, environment: ProcessInfo.processInfo.environment)
            let results = RubricSelfTest.run(trained)
            let verdicts = RubricSelfTest.verdicts(results, rubrics: trained)
            // The examples a criterion gets wrong: every one with --verbose or for a criterion that fails; else a
            // count.
            let failing = Set(verdicts.filter { !$0.passed }.map { "\($0.rubric)/\($0.criterion)" })
            for result in results
            where verbose || (!result.passed && failing.contains("\(result.rubric)/\(result.criterion)")) {
                let verdict = result.passed ? "ok  " : "miss"
                let expectation = result.example.meets ? "meets" : "misses"
                print(
                    """
                    \(verdict) \(result.rubric)/\(result.criterion) \(expectation): \
                    \"\(result.example.text)\"\(result.passed ? "" : " — \(result.detail)")
                    """
                )
            }
            if !results.isEmpty { print("") }
            let width = verdicts.map { $0.rubric.count + $0.criterion.count + 1 }.max() ?? 0
            for v in verdicts {
                let name = "\(v.rubric)/\(v.criterion)".padding(toLength: width, withPad: " ", startingAt: 0)
                let share = v.examples > 0 ? Int((100 * Double(v.held) / Double(v.examples)).rounded()) : 100
                print(
                    """
                    \(v.passed ? "ok  " : "FAIL") \(name)  \(v.held)/\(v.examples) hold (\(share)%, needs \
                    \(Int(v.floor * 100))%)
                    """
                )
            }
            let failed = verdicts.filter { !$0.passed }
            if !verbose && results.contains(where: { !$0.passed }) {
                print("(criteria that hold still miss some examples: --verbose lists every one)")
            }
            print(
                "\(results.count) examples, \(results.filter { !$0.passed }.count) not as expected; "
                    + "\(verdicts.count - failed.count) of \(verdicts.count) criteria hold")
            if !failed.isEmpty { throw ExitCode(1) }
        }
    }
}
