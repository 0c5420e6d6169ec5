// PitchStore
