// Links the fine-tuned encoder's heads into the binary, as encoder.S links its weights: Models/sentence-heads.tsv
// (one calibrated head per criterion) and Models/situation-head.tsv (the situation a draft reads as), both
// written by Models/fit_scoring.py. Text files, NUL-terminated here. SwiftPM does not see the included files as
// inputs: the checksums below name them, so new heads change this source and the object is rebuilt (a test checks
// them against the files).
// sentence-heads sha256: f81224cd06b15a8917aebd82e867eeaa19d2902502eae9a67cacdb573351789f
// situation-head sha256: f941d53df933a456be70a51f18c1b136257364fa44da34a80d9de52a01ff0a20
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
