// Links the fine-tuned encoder's heads into the binary, as encoder.S links its weights: Models/sentence-heads.tsv
// (one calibrated head per criterion) and Models/situation-head.tsv (the situation a draft reads as), both
// written by Models/fit_scoring.py. Text files, NUL-terminated here. SwiftPM does not see the included files as
// inputs: the checksums below name them, so new heads change this source and the object is rebuilt (a test checks
// them against the files).
// sentence-heads sha256: 65ff6b1125e2c5e8cb90e6ebf5ca5489f448e7dc7fd3c459a4a3ad0193a6397e
// situation-head sha256: b6e895c3f82f022edf21a99faaa050117f4e9f16fc153b1ec8de04e2c93159d5
    .section .rodata
    .globl pitchcoach_sentence_heads_start
pitchcoach_sentence_heads_start:
    .incbin "Models/sentence-heads.tsv"
    .globl pitchcoach_sentence_heads_end
pitchcoach_sentence_heads_end:
    .byte 0
    .globl pitchcoach_situation_head_start
pitchcoach_situation_head_start:
    .incbin "Models/situation-head.tsv"
    .globl pitchcoach_situation_head_end
pitchcoach_situation_head_end:
    .byte 0
#if defined(__linux__) && defined(__ELF__)
    .section .note.GNU-stack,"",%progbits
#endif
