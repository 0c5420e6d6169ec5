#include "CSentenceTable.h"

// Defined in table.S around the included bytes.
extern const unsigned char pitchcoach_table_start[];
extern const unsigned char pitchcoach_table_end[];

const unsigned char *pitchcoach_sentence_table(void) { return pitchcoach_table_start; }
size_t pitchcoach_sentence_table_size(void) { return (size_t)(pitchcoach_table_end - pitchcoach_table_start); }
