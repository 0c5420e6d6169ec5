#include "CEncoderWeights.h"

// Defined in encoder.S around the included bytes.
extern const unsigned char pitchcoach_encoder_start[];
extern const unsigned char pitchcoach_encoder_end[];

const unsigned char *pitchcoach_encoder_weights(void) { return pitchcoach_encoder_start; }
size_t pitchcoach_encoder_weights_size(void) { return (size_t)(pitchcoach_encoder_end - pitchcoach_encoder_start); }

// Defined in heads.S.
extern const char pitchcoach_sentence_heads_start[];
extern const char pitchcoach_sentence_heads_end[];
extern const char pitchcoach_situation_head_start[];
extern const char pitchcoach_situation_head_end[];
extern const char pitchcoach_text_heads_start[];
extern const char pitchcoach_text_heads_end[];

const char *pitchcoach_sentence_heads(void) { return pitchcoach_sentence_heads_start; }
size_t pitchcoach_sentence_heads_size(void) { return (size_t)(pitchcoach_sentence_heads_end - pitchcoach_sentence_heads_start); }
const char *pitchcoach_situation_head(void) { return pitchcoach_situation_head_start; }
size_t pitchcoach_situation_head_size(void) { return (size_t)(pitchcoach_situation_head_end - pitchcoach_situation_head_start); }
const char *pitchcoach_text_heads(void) { return pitchcoach_text_heads_start; }
size_t pitchcoach_text_heads_size(void) { return (size_t)(pitchcoach_text_heads_end - pitchcoach_text_heads_start); }
