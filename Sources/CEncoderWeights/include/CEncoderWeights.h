#ifndef C_ENCODER_WEIGHTS_H
#define C_ENCODER_WEIGHTS_H
#include <stddef.h>

/// The contextual encoder's weights (`Models/encoder.bin`), linked into the binary by `encoder.S`.
const unsigned char *pitchcoach_encoder_weights(void);
size_t pitchcoach_encoder_weights_size(void);

/// The fine-tuned heads (`Models/sentence-heads.tsv`) and the situation head (`Models/situation-head.tsv`), as text
/// of the given size, linked by `heads.S`.
const char *pitchcoach_sentence_heads(void);
size_t pitchcoach_sentence_heads_size(void);
const char *pitchcoach_situation_head(void);
size_t pitchcoach_situation_head_size(void);
/// How a draft reads as a whole on each rated scale (`Models/text-heads.tsv`).
const char *pitchcoach_text_heads(void);
size_t pitchcoach_text_heads_size(void);

#endif
