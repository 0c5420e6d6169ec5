// PitchMail
