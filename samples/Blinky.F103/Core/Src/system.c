/* SystemInit for the Blinky sample: the STM32F103's Cortex-M3 has no FPU to enable and the sample runs on the 8 MHz
 * HSI the chip starts on (RM0008 7.2.2), so there is nothing to set up before main. */
void SystemInit(void)
{
}
