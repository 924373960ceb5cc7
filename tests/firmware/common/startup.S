/* Reset handler for the test firmware (Cortex-M0+/M3/M4/M7). Written for Stm32.Build.
 * What it does is what a CubeIDE project's startup file does before main (ARMv7-M ARM B1.5.5 reset
 * behaviour: the core loads SP from vector 0 and jumps to vector 1):
 *   1. reload SP from the linker's _estack (the H7 and G0 startups do this too; harmless elsewhere),
 *   2. call SystemInit (FPU access, vector table offset, the family's reset-state clean-up),
 *   3. copy .data from its load address in flash (_sidata) to RAM (_sdata.._edata),
 *   4. zero .bss (_sbss.._ebss),
 *   5. call main; if main returns, stay in a loop.
 * Only Thumb-1 instructions are used, so the same file assembles for ARMv6-M. */
    .syntax unified
    .thumb

    .section .text.Reset_Handler,"ax",%progbits
    .global Reset_Handler
    .type Reset_Handler, %function
    .thumb_func
Reset_Handler:
    ldr     r0, =_estack
    mov     sp, r0
    bl      SystemInit

    ldr     r0, =_sdata
    ldr     r1, =_edata
    ldr     r2, =_sidata
    movs    r3, #0
    b       data_check
data_copy:
    ldr     r4, [r2, r3]
    str     r4, [r0, r3]
    adds    r3, r3, #4
data_check:
    adds    r4, r0, r3
    cmp     r4, r1
    bcc     data_copy

    ldr     r2, =_sbss
    ldr     r4, =_ebss
    movs    r3, #0
    b       bss_check
bss_zero:
    str     r3, [r2]
    adds    r2, r2, #4
bss_check:
    cmp     r2, r4
    bcc     bss_zero

    bl      main
main_returned:
    b       main_returned
    .size Reset_Handler, . - Reset_Handler
    .pool
