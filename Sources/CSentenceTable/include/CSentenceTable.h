#ifndef C_SENTENCE_TABLE_H
#define C_SENTENCE_TABLE_H
#include <stddef.h>

/// The static sentence-vector table (`Models/table.bin`), linked into the binary by `table.S`.
const unsigned char *pitchcoach_sentence_table(void);
size_t pitchcoach_sentence_table_size(void);

#endif
