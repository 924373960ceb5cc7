/* Faults right after boot: branches to an address with the Thumb bit clear, which on ARMv7-M raises a
 * UsageFault (INVSTATE) escalated to HardFault (ARMv7-M ARM B1.4.2 EPSR.T, B1.5.14 fault escalation).
 * Written for Stm32.Build. */
#include <stdint.h>

uint32_t fault_marker = 0xFA017u;

int main(void)
{
    fault_marker++; /* referenced, so the linker keeps it: tests look it up by name */
    void (*bad)(void) = (void (*)(void))0x08000100u; /* even address: T bit clear */
    bad();
    for (;;)
    {
    }
}
