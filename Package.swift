// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pitchcoach",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pitchcoach", targets: ["pitchcoach"]),
        .executable(name: "pitchcoach-bench", targets: ["pitchcoach-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The static sentence-vector table (Models/table.bin) linked into the binary by an `.incbin`.
        .target(name: "CSentenceTable", path: "Sources/CSentenceTable"),
        // The contextual encoder's int8 weights (Models/encoder.bin), linked in the same way.
        .target(name: "CEncoderWeights", path: "Sources/CEncoderWeights"),
        // OpenBLAS (Debian's libopenblas-dev, installed by .ci/deps): the encoder's matrix products.
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        // Pure: WordPiece tokenizer, sentence vectors over the table or the contextual encoder, linear heads.
        // Optimised in every configuration: a debug build trains the built-in rubrics' heads at build time.
        .target(
            name: "SentenceVectors", dependencies: ["CSentenceTable", "CEncoderWeights", "COpenBLAS"],
            swiftSettings: [.unsafeFlags(["-O"])]),
        // Pure: text model, readability, rubric model/loader, scorer, diff, renderers. No I/O. Its README.md
        // says how a draft becomes a score.
        .target(
            name: "PitchCore", dependencies: ["SentenceVectors", .product(name: "Yams", package: "Yams")],
            exclude: ["README.md"]),
        // SQLite through GRDB: pitches, versions, snapshots, drafts, feedback, prep, rehearsals.
        .target(name: "PitchStore", dependencies: ["PitchCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // Starting child programs with posix_spawn (sendmail, the editor, and the tests' and benchmark's
        // children): its own target, the lowest that the mail, the CLI, the tests and the benchmark all import.
        .target(name: "Spawning"),
        // RFC 5322 / MIME building and parsing, and handing a message to sendmail.
        .target(name: "PitchMail", dependencies: ["Spawning"]),
        // GNU readline behind a protocol.
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .target(name: "LineEditing", dependencies: ["CReadline"]),
        // Rubrics/ and Prompts/ embedded as Swift string literals at build time, the rubrics compiled too.
        .executableTarget(name: "embed-resources", dependencies: ["PitchCore"], path: "Sources/embed-resources"),
        .plugin(name: "EmbedResourcesPlugin", capability: .buildTool(), dependencies: ["embed-resources"]),
        // Handed to the core as its types: the built-in rubrics (`RubricCatalog.BuiltIn`) and the question book.
        .target(name: "PitchResources", dependencies: ["PitchCore"], plugins: ["EmbedResourcesPlugin"]),
        // Commands and REPL: thin.
        .target(
            name: "PitchCLI",
            dependencies: [
                "PitchCore", "PitchStore", "PitchMail", "LineEditing", "PitchResources", "Spawning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Release links the Swift runtime and Foundation statically: a CLI run once per draft pays dynamic
        // linking on every start (17 ms of a 30 ms `score` on one page), a static binary a third of that.
        .executableTarget(
            name: "pitchcoach", dependencies: ["PitchCLI"],
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
            linkerSettings: [
                .unsafeFlags(
                    ["-static-stdlib", "-Xclang-linker", "-no-pie"], .when(platforms: [.linux], configuration: .release)
                )
            ]),
        .executableTarget(
            name: "pitchcoach-bench",
            dependencies: [
                "PitchCore", "PitchStore", "PitchResources", "SentenceVectors", "Spawning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], path: "Benchmarks/pitchcoach-bench"),
        .testTarget(name: "PitchCoreTests", dependencies: ["PitchCore", "PitchResources", "TestSupport"]),
        .testTarget(name: "SentenceVectorsTests", dependencies: ["SentenceVectors"]),
        // Shared by the test targets: child programs run with a time limit, a sandbox folder, seeded random
        // inputs, and the YAML fixtures in Fixtures/ (read by path, so not resources).
        .target(name: "TestSupport", dependencies: ["Spawning"], path: "Tests/TestSupport", exclude: ["Fixtures"]),
        .testTarget(name: "PitchStoreTests", dependencies: ["PitchStore", "PitchCore", "TestSupport"]),
        .testTarget(name: "PitchMailTests", dependencies: ["PitchMail"]),
        // Two tiers. A target or class named …ProcessTests starts other processes (the built binary, tmux for a
        // pseudo-terminal, helper processes, the fuzzing runs): the slow tier, minutes. The rest run in process:
        // `swift test --disable-swift-testing --skip ProcessTests` is the fast tier, for the edit-test loop; CI
        // runs both.
        .testTarget(name: "PitchCLITests", dependencies: ["PitchCLI", "TestSupport", "PitchResources"]),
        .testTarget(
            name: "PitchCLIProcessTests", dependencies: ["pitchcoach", "PitchCore", "TestSupport"]),
    ]
)
