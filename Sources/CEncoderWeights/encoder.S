// Links Models/encoder.bin (the contextual encoder's weights: all-MiniLM-L6-v2 in int8 rows with per-row scales,
// laid out as Models/encoder_format.py says) into the binary, so `pitchcoach` stays one file that works offline.
// The path is taken from the package root. SwiftPM does not see the included file as an input: the checksum
// below names the weights, so new weights change this source and the object is rebuilt. A test checks it against
// Models/encoder.sha256. The 64-byte alignment keeps the file's 64-aligned tensors aligned in memory.
// encoder sha256: c2735abceeb667b2b94b47735a1237d8099768caf2ef091127ca629348031252
    .section .rodata
    .balign 64
    .globl pitchcoach_encoder_start
pitchcoach_encoder_start:
    .incbin "Models/encoder.bin"
    .globl pitchcoach_encoder_end
pitchcoach_encoder_end:
    .byte 0
#if defined(__linux__) && defined(__ELF__)
    .section .note.GNU-stack,"",%progbits
#endif
