import Foundation
import PitchCore
import PitchResources
import XCTest

/// The built-in rubrics come from the build's compiled copy, and that copy is the YAML the binary carries; a
/// folder's files override them by id. The catalog is pure: the files are handed in as text.
final class RubricCatalogTests: XCTestCase {
    func testEveryBuiltInRubricIsTakenFromTheCompiledCopy() throws {
        let catalog = RubricCatalog(builtIn: .embedded(), files: [])
        XCTAssertFalse(catalog.files.isEmpty)
        XCTAssertEqual(
            catalog.compiledFileNames, catalog.files.map(\.name),
            "a built-in rubric was parsed at run time: the compiled copy is stale")
        // The fingerprints taken at build time are those of the texts the binary carries.
        for file in EmbeddedFiles.rubrics {
            XCTAssertEqual(EmbeddedFiles.rubricFingerprints[file.name], fnv1a(file.text), file.name)
        }
        let loaded = try catalog.loadAll()
        let parsed = CriterionTraining.train(
            try catalog.files.map { try RubricLoader.load(yaml: $0.text, file: $0.name) })
        XCTAssertEqual(loaded.map(\.fingerprint), parsed.map(\.fingerprint))
        let draft =
            "Priya has run our stand-ups for six months and is ready to lead the team from March 1; I won't quit."
        XCTAssertEqual(
            ReportRenderer.json(Scorer.score(draft, rubrics: loaded)),
            ReportRenderer.json(Scorer.score(draft, rubrics: parsed)))
    }

    func testAFolderRubricIsParsedAndAnEditedBuiltInIsNotTakenFromTheCopy() throws {
        let folder = "/folder/of/rubrics"
        let builtIn = RubricCatalog(builtIn: .embedded(), files: [])
        let bridge = try XCTUnwrap(builtIn.files.first { $0.name.hasSuffix("bridge-risk.yaml") })
        // The same id with one weight changed: the folder's file replaces the built-in one.
        let builtInWeight = try XCTUnwrap(try builtIn.loadAll().first { $0.id == "bridge-risk" }?.weight)
        let weightLine = "\nweight: " + String(format: "%.2f", builtInWeight) + "\n"
        XCTAssertTrue(bridge.text.contains(weightLine), "the built-in bridge-risk file has no line `\(weightLine)`")
        let edited = bridge.text.replacingOccurrences(of: weightLine, with: "\nweight: 7\n")
        // A second file, so the files needing a parse are parsed side by side.
        let copy = bridge.text.replacingOccurrences(of: "id: bridge-risk", with: "id: bridge-risk-copy")
        let catalog = RubricCatalog(
            builtIn: .embedded(), files: [(folder + "/bridge-risk.yaml", edited), (folder + "/copy.yaml", copy)])
        XCTAssertFalse(catalog.compiledFileNames.contains { $0.hasPrefix(folder) })
        let rubrics = try catalog.loadAll()
        XCTAssertEqual(rubrics.first { $0.id == "bridge-risk" }?.weight, 7)
        XCTAssertEqual(rubrics.count, builtIn.files.count + 1, "\(rubrics.map(\.id))")
        XCTAssertEqual(rubrics.first { $0.id == "bridge-risk-copy" }?.weight, builtInWeight)
    }

    func testTwoFilesOfOneFolderWithOneIDAreRefusedAndALaterFolderOverrides() throws {
        let builtIn = RubricCatalog(builtIn: .embedded(), files: [])
        let bridge = try XCTUnwrap(builtIn.files.first { $0.name.hasSuffix("bridge-risk.yaml") })
        let slip = RubricCatalog(builtIn: nil, files: [("/one/a.yaml", bridge.text), ("/one/b.yaml", bridge.text)])
        XCTAssertThrowsError(try slip.loadAll()) { error in
            XCTAssertEqual((error as? LocatedError)?.file, "/one/b.yaml", "\(error)")
        }
        let override = RubricCatalog(builtIn: nil, files: [("/one/a.yaml", bridge.text), ("/two/a.yaml", bridge.text)])
        XCTAssertEqual(try override.loadAll().map(\.source), ["/two/a.yaml"])
    }

    /// The built-in rubrics are named `Rubrics/NAME`: a user's folder called `Rubrics` (the project's own, given to
    /// `--rubrics Rubrics`) overrides them rather than clashing with them; two of its own files still clash.
    func testAFolderNamedLikeTheBuiltInOnesOverridesThem() throws {
        let builtIn = RubricCatalog(builtIn: .embedded(), files: [])
        let ask = try XCTUnwrap(builtIn.files.first { $0.name.hasSuffix("the-ask.yaml") })
        let folder = (ask.name as NSString).deletingLastPathComponent
        let edited = ask.text.replacingOccurrences(of: "name: The ask\n", with: "name: My ask\n")
        XCTAssertNotEqual(edited, ask.text)
        let own = RubricCatalog(builtIn: .embedded(), files: [(ask.name, edited)])
        let rubrics = try own.loadAll()
        XCTAssertEqual(rubrics.count, builtIn.files.count)
        XCTAssertEqual(rubrics.first { $0.id == "the-ask" }?.name, "My ask")
        let twice = RubricCatalog(builtIn: .embedded(), files: [(ask.name, edited), (folder + "/copy.yaml", edited)])
        XCTAssertThrowsError(try twice.loadAll()) { error in
            XCTAssertEqual((error as? LocatedError)?.file, folder + "/copy.yaml", "\(error)")
        }
    }
}
