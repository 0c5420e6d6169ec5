import Foundation
import TestSupport
import XCTest

/// Runs the built `pitchcoach` binary as a user would: real files, stdin, environment, exit code.
enum Binary {
    /// The package root (two levels above this file's folder).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `pitchcoach` beside the test bundle (same build), else under .build/debug.
    static var path: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "pitchcoach"
        ).path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let bundle = Bundle.main.bundleURL.appendingPathComponent("pitchcoach").path
        if FileManager.default.isExecutableFile(atPath: bundle) { return bundle }
        return packageRoot.appendingPathComponent(".build/debug/pitchcoach").path
    }

    /// The steering repo's shared folder (corpus, seeds), beside the checkout.
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static func run(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
        directory: URL? = nil, timeout: TimeInterval = 60
    ) throws -> RunResult {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        let result = try Subprocess.run(
            path, arguments, stdin: stdin, environment: env, directory: directory, timeout: timeout)
        if result.timedOut { XCTFail("pitchcoach \(arguments) did not finish in \(timeout) s") }
        return result
    }
}

extension Sandbox {
    /// The binary run in this sandbox: its store, its folders, and the sandbox as the working folder.
    func run(_ arguments: [String], stdin: Data? = nil, extra: [String: String] = [:]) throws -> RunResult {
        try Binary.run(arguments, stdin: stdin, environment: environment.merging(extra) { $1 }, directory: root)
    }
}
