// Links the fine-tuned encoder's heads into the binary, as encoder.S links its weights: Models/sentence-heads.tsv
// (one calibrated head per criterion), Models/situation-head.tsv (the situation a draft reads as) and
// Models/text-heads.tsv (how a draft reads as a whole on each rated scale), all written by Models/fit_scoring.py.
// Text files, NUL-terminated here. SwiftPM does not see the included files as inputs: the checksums below name
// them, so new heads change this source and the object is rebuilt (a test checks them against the files).
// sentence-heads sha256: 37d8c3dcf8d2db272b5726c034b63809dc5a422d22e1a2469d71a2992cfeefd9
// text-heads sha256: 72dd6bf183a6b8ece35450ad4fed8e957f20823657db2304771880e72a8690d2
// situation-head sha256: b9ba97cb78244a5e7ee402c5f0cf10a7591c72da19ffe1f460bda2fc1d959749
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
    .globl pitchcoach_text_heads_start
pitchcoach_text_heads_start:
    .incbin "Models/text-heads.tsv"
    .globl pitchcoach_text_heads_end
pitchcoach_text_heads_end:
    .byte 0
#if defined(__linux__) && defined(__ELF__)
    .section .note.GNU-stack,"",%progbits
#endif
