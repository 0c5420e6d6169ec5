import PitchCLI

@main
struct PitchCoachMain {
    static func main() { PitchCoachApp.run() }
}
