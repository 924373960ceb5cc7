/* Shared mailbox of the DualCore sample. */
#include "shared.h"

shared_mailbox_t *shared_mailbox(void)
{
    return (shared_mailbox_t *)SHARED_MAILBOX_ADDRESS;
}
