#include "CEncoderWeights.h"

// Defined in encoder.S around the included bytes.
extern const unsigned char pitchcoach_encoder_start[];
extern const unsigned char pitchcoach_encoder_end[];

const unsigned char *pitchcoach_encoder_weights(void) { return pitchcoach_encoder_start; }
size_t pitchcoach_encoder_weights_size(void) { return (size_t)(pitchcoach_encoder_end - pitchcoach_encoder_start); }
