import Foundation
import PackagePlugin

/// Turns the top-level `Rubrics/` and `Prompts/` YAML files into Swift string literals,
/// so the `pitchcoach` binary carries them and works from any directory.
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = ["Rubrics", "Prompts"].map { root.appending(path: $0) }
        var inputs: [URL] = folders // the folders themselves, so a new file triggers a rebuild
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path())) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                inputs.append(folder.appending(path: name))
            }
        }
        // The heads are trained on the sentence-vector table: a new table retrains them.
        inputs.append(root.appending(path: "Models/table.sha256"))
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding Rubrics/ and Prompts/",
                executable: try context.tool(named: "embed-resources").url,
                arguments: [output.path()] + folders.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
