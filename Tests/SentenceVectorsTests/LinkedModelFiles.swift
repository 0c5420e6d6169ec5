import Foundation
import XCTest

/// What every model file linked by `.incbin` must keep true: its checksum is named in the source that includes it
/// (SwiftPM rebuilds the object only when that source changes) and, where there is one, in `Models/NAME.sha256`.
enum LinkedModelFiles {
    static let root = SentenceVectorsTests.models.deletingLastPathComponent()

    /// The sha256 of a file, by `sha256sum` (an independent implementation).
    static func sha256(_ file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let line = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return String(line.prefix { $0 != " " })
    }

    /// Asserts that `Models/file`'s checksum is on the line `label sha256: …` of `source`, and in `checksumFile`.
    static func assertNamed(
        _ file: String, label: String, in source: String, checksumFile: String? = nil,
        line: UInt = #line
    ) throws {
        let hex = try sha256(SentenceVectorsTests.models.appendingPathComponent(file))
        let text = try String(contentsOf: root.appendingPathComponent(source), encoding: .utf8)
        XCTAssertTrue(
            text.contains("\(label) sha256: \(hex)"), "\(source) does not name the checksum of Models/\(file)",
            line: line)
        if let checksumFile {
            let sum = try String(
                contentsOf: SentenceVectorsTests.models.appendingPathComponent(checksumFile), encoding: .utf8)
            XCTAssertTrue(
                sum.hasPrefix(hex + " "), "Models/\(checksumFile) is not the checksum of Models/\(file)", line: line)
        }
    }
}

final class LinkedModelFilesTests: XCTestCase {
    func testTheLinkedHeadsAreNamedByTheirChecksums() throws {
        try LinkedModelFiles.assertNamed(
            "sentence-heads.tsv", label: "sentence-heads", in: "Sources/CEncoderWeights/heads.S")
        try LinkedModelFiles.assertNamed(
            "situation-head.tsv", label: "situation-head", in: "Sources/CEncoderWeights/heads.S")
        try LinkedModelFiles.assertNamed("text-heads.tsv", label: "text-heads", in: "Sources/CEncoderWeights/heads.S")
    }
}
