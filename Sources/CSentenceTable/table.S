// Links Models/table.bin (the static sentence-vector table, made by Models/generate_table.py) into the
// binary, so `pitchcoach` stays one file that works offline. The path is taken from the package root.
// SwiftPM does not see the included file as an input: the checksum below names the table, so a new
// table changes this source and the object is rebuilt. A test checks it against Models/table.sha256.
// table sha256: 87331efbc7a1b69eee66ea0dc4c99cc5133f07e53730028b7f5ee2fee5a3331f
    .section .rodata
    .balign 64
    .globl pitchcoach_table_start
pitchcoach_table_start:
    .incbin "Models/table.bin"
    .globl pitchcoach_table_end
pitchcoach_table_end:
    .byte 0
#if defined(__linux__) && defined(__ELF__)
    .section .note.GNU-stack,"",%progbits
#endif
