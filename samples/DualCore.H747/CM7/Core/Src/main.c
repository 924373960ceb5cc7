/* Cortex-M7 half of the DualCore sample: counts a heartbeat in the shared mailbox. */
#include "shared.h"

int main(void)
{
    shared_mailbox_t *box = shared_mailbox();
    for (;;)
    {
        box->cm7_heartbeat++;
    }
}
