// Foundation is imported here for its link: in a release build this file is compiled against the static
// Swift libraries (Package.swift), and its import is what pulls in the static Foundation and ICU.
import Foundation
import PitchCLI

@main
struct PitchCoachMain {
    static func main() { PitchCoachApp.run() }
}
