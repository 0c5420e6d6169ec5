// Links the fine-tuned encoder's heads into the binary, as encoder.S links its weights: Models/sentence-heads.tsv
// (one calibrated head per criterion), Models/situation-head.tsv (the situation a draft reads as) and
// Models/text-heads.tsv (how a draft reads as a whole on each rated scale), all written by Models/fit_scoring.py.
// Text files, NUL-terminated here. SwiftPM does not see the included files as inputs: the checksums below name
// them, so new heads change this source and the object is rebuilt (a test checks them against the files).
// sentence-heads sha256: b1bb73cda6ca35a73bea7877b96ed52dfb99fa86436d98a31f2b4f8524719122
// text-heads sha256: cda4a578b385bd3000a272bb8f8d83740c258f18557ede9e394d86a76a511427
// situation-head sha256: 4dc1226729973e5222c999e326c89c26ab526dfcbdd7fd6af853967cbf171ebd
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
