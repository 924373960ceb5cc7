/* Pulls a generated payload into flash so the image spans both banks; written for Stm32.Build.
 * PAYLOAD_FILE is defined by the builder (a file of pseudo-random bytes it generates). */
    .section .rodata.large_payload, "a"
    .balign 4
    .global large_payload
    .type large_payload, %object
large_payload:
    .incbin PAYLOAD_FILE
    .size large_payload, . - large_payload
