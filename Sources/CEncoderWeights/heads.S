// Links the fine-tuned encoder's heads into the binary, as encoder.S links its weights: Models/sentence-heads.tsv
// (one calibrated head per criterion) and Models/situation-head.tsv (the situation a draft reads as), both
// written by Models/fit_scoring.py. Text files, NUL-terminated here. SwiftPM does not see the included files as
// inputs: the checksums below name them, so new heads change this source and the object is rebuilt (a test checks
// them against the files).
// sentence-heads sha256: 92f32b4b360ca62bcea4dc7674ac5328178a2d02043bbc2705e73496dd12e383
// situation-head sha256: 099381aad3e42e8ce864296729f61c50924557e84e09197bb9d025ca2b4457c7
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
