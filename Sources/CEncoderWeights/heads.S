// Links the fine-tuned encoder's heads into the binary, as encoder.S links its weights: Models/sentence-heads.tsv
// (one calibrated head per criterion), Models/situation-head.tsv (the situation a draft reads as) and
// Models/text-heads.tsv (how a draft reads as a whole on each rated scale), all written by Models/fit_scoring.py.
// Text files, NUL-terminated here. SwiftPM does not see the included files as inputs: the checksums below name
// them, so new heads change this source and the object is rebuilt (a test checks them against the files).
// sentence-heads sha256: 254b4ff7eb919bc27c39f2807f53a0e1116b4edad43cee660188c05c46549f03
// text-heads sha256: 9c2943ad855eb1a396cacb0c2aa4257d689c21868931090eb7f912f13bee2c0e
// situation-head sha256: 806343401f4e318f96c7647c53012c6b931826632e4e2fb03ce18ca580b45e8a
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
