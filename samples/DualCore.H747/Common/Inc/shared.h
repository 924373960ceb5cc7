/* Mailbox shared by the two cores of the DualCore sample, in D3 SRAM (RM0399 memory map: SRAM4 at 0x38000000,
 * reachable from both cores). */
#ifndef SHARED_H
#define SHARED_H

#include <stdint.h>

#define SHARED_MAILBOX_ADDRESS 0x38000000u

typedef struct
{
    volatile uint32_t cm7_heartbeat;
    volatile uint32_t cm4_heartbeat;
} shared_mailbox_t;

shared_mailbox_t *shared_mailbox(void);

#endif
