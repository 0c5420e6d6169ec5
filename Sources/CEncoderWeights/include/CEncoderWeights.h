#ifndef C_ENCODER_WEIGHTS_H
#define C_ENCODER_WEIGHTS_H
#include <stddef.h>

/// The contextual encoder's weights (`Models/encoder.bin`), linked into the binary by `encoder.S`.
const unsigned char *pitchcoach_encoder_weights(void);
size_t pitchcoach_encoder_weights_size(void);

#endif
