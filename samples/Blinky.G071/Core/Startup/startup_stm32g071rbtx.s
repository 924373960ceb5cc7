/* Startup code of the Blinky sample for the STM32G071RB Cortex-M0+ (written for Stm32.Build), ARMv6-M Thumb only.
 * The vector table layout (initial SP, then Reset, NMI, HardFault, 7 reserved, SVCall, 2 reserved, PendSV, SysTick)
 * is the ARMv6-M one (ARM DDI 0419, "The vector table"); the 32 device interrupt lines of the STM32G071 (RM0444 12.3,
 * the device data's interrupt count) go to Default_Handler. */
  .syntax unified
  .cpu cortex-m0plus
  .thumb

  .global g_pfnVectors
  .global Default_Handler
  .global Reset_Handler

  .section .text.Reset_Handler,"ax",%progbits
  .type Reset_Handler, %function
Reset_Handler:
  ldr   r0, =_estack
  mov   sp, r0
  bl    SystemInit
  /* Copy .data from its load address in flash to RAM. */
  ldr   r0, =_sdata
  ldr   r1, =_edata
  ldr   r2, =_sidata
1:
  cmp   r0, r1
  bhs   2f
  ldr   r3, [r2]
  str   r3, [r0]
  adds  r0, r0, #4
  adds  r2, r2, #4
  b     1b
2:
  /* Zero .bss. */
  ldr   r0, =_sbss
  ldr   r1, =_ebss
  movs  r3, #0
3:
  cmp   r0, r1
  bhs   4f
  str   r3, [r0]
  adds  r0, r0, #4
  b     3b
4:
  bl    __libc_init_array
  bl    main
5:
  b     5b
  .size Reset_Handler, .-Reset_Handler

  .section .text.Default_Handler,"ax",%progbits
  .type Default_Handler, %function
Default_Handler:
  b     Default_Handler
  .size Default_Handler, .-Default_Handler

  .section .isr_vector,"a",%progbits
  .type g_pfnVectors, %object
g_pfnVectors:
  .word _estack
  .word Reset_Handler
  .word NMI_Handler
  .word HardFault_Handler
  .word 0
  .word 0
  .word 0
  .word 0
  .word 0
  .word 0
  .word 0
  .word SVC_Handler
  .word 0
  .word 0
  .word PendSV_Handler
  .word SysTick_Handler
  .rept 32
  .word Default_Handler
  .endr
  .size g_pfnVectors, .-g_pfnVectors

  .macro weak_alias name
  .weak \name
  .thumb_set \name, Default_Handler
  .endm

  weak_alias NMI_Handler
  weak_alias HardFault_Handler
  weak_alias SVC_Handler
  weak_alias PendSV_Handler
  weak_alias SysTick_Handler
