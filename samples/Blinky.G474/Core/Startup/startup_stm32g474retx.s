/* Startup code of the Blinky sample for the STM32G474RE Cortex-M4 (written for Stm32.Build).
 * The vector table layout (initial SP, then Reset, NMI, HardFault, MemManage, BusFault, UsageFault, 4 reserved,
 * SVCall, DebugMonitor, reserved, PendSV, SysTick) is the ARMv7-M one (ARM DDI 0403, "The vector table");
 * the 102 device interrupt positions of the STM32G474 (RM0440 NVIC vector table; the device data: 102) go to Default_Handler. */
  .syntax unified
  .cpu cortex-m4
  .fpu fpv4-sp-d16
  .thumb

  .global g_pfnVectors
  .global Default_Handler
  .global Reset_Handler

  .section .text.Reset_Handler,"ax",%progbits
  .type Reset_Handler, %function
Reset_Handler:
  ldr   sp, =_estack
  bl    SystemInit
  /* Copy .data from its load address in flash to RAM. */
  ldr   r0, =_sdata
  ldr   r1, =_edata
  ldr   r2, =_sidata
1:
  cmp   r0, r1
  bcs   2f
  ldr   r3, [r2], #4
  str   r3, [r0], #4
  b     1b
2:
  /* Zero .bss. */
  ldr   r0, =_sbss
  ldr   r1, =_ebss
  movs  r3, #0
3:
  cmp   r0, r1
  bcs   4f
  str   r3, [r0], #4
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
  .word MemManage_Handler
  .word BusFault_Handler
  .word UsageFault_Handler
  .word 0
  .word 0
  .word 0
  .word 0
  .word SVC_Handler
  .word DebugMon_Handler
  .word 0
  .word PendSV_Handler
  .word SysTick_Handler
  .rept 102
  .word Default_Handler
  .endr
  .size g_pfnVectors, .-g_pfnVectors

  .macro weak_alias name
  .weak \name
  .thumb_set \name, Default_Handler
  .endm

  weak_alias NMI_Handler
  weak_alias HardFault_Handler
  weak_alias MemManage_Handler
  weak_alias BusFault_Handler
  weak_alias UsageFault_Handler
  weak_alias SVC_Handler
  weak_alias DebugMon_Handler
  weak_alias PendSV_Handler
  weak_alias SysTick_Handler
