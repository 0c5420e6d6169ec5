// Links the fine-tuned encoder's heads into the binary, as encoder.S links its weights: Models/sentence-heads.tsv
// (one calibrated head per criterion) and Models/situation-head.tsv (the situation a draft reads as), both
// written by Models/fit_scoring.py. Text files, NUL-terminated here. SwiftPM does not see the included files as
// inputs: the checksums below name them, so new heads change this source and the object is rebuilt (a test checks
// them against the files).
// sentence-heads sha256: 01daf27cd95f1cffa926d3c068c556e90b7d5c4398d35863bddee299e67a0d68
// situation-head sha256: 972b2d0522b7e07c6b602f8609abc3aea5614004340c33ff392a4f9719f8564b
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
