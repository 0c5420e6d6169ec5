import PitchCore
import PitchResources

public enum PitchCoachApp {
    public static func run() {
        print("pitchcoach: \(EmbeddedFiles.rubrics.count) rubrics embedded")
    }
}
