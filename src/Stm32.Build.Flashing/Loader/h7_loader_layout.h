/*
 * The RAM control block shared by the STM32H7 flash loader (h7_loader.c) and the host (H7LoaderImage.g.cs is
 * generated from this file by build-loader.sh, so both sides use the same numbers). All fields are 32-bit
 * little-endian words. Version 1.
 *
 * The host writes the header and the plan, starts the loader, then streams buffers: it writes a buffer's bytes into
 * a slot of the bank's ring, then the slot's descriptor (address, length, sequence number, the sequence number
 * last). The loader programs a bank's buffers strictly in sequence order and reports each one done in
 * completed[bank]; a slot is free again once completed[bank] has reached its sequence number.
 */
#ifndef H7_LOADER_LAYOUT_H
#define H7_LOADER_LAYOUT_H

#define LDR_MAGIC               0x4C323353u /* "S32L" */
#define LDR_VERSION             1u

/* Header (host writes before the start). */
#define LDR_OFF_MAGIC           0x00
#define LDR_OFF_VERSION         0x04
#define LDR_OFF_SIZE            0x08 /* LDR_CONTROL_SIZE */
#define LDR_OFF_BANK_COUNT      0x0C /* 1 or 2 */
#define LDR_OFF_PSIZE           0x10 /* FLASH_CR.PSIZE, 0..3 (3 = x64) */
#define LDR_OFF_TICK_CYCLES     0x14 /* SysTick period in core clock cycles (wake-up while idle) */
#define LDR_OFF_LEASE_TICKS     0x18 /* periods without a sign of the host before the loader relocks and stops */
#define LDR_OFF_FLASH_REGS      0x1C /* the flash interface base (FLASH_ACR), e.g. 0x52002000 */

/* Status (the loader writes; the host reads the first three words on every poll). */
#define LDR_OFF_STATE           0x20
#define LDR_OFF_COMPLETED       0x24 /* [2]: sequence number of the last buffer programmed per bank (0: none) */
#define LDR_OFF_BYTES_DONE      0x2C /* [2]: bytes programmed per bank */
#define LDR_OFF_ERROR_BANK      0x34 /* the bank index (0, 1) of the error */
#define LDR_OFF_ERROR_SR        0x38 /* FLASH_SRx when the error was seen */
#define LDR_OFF_ERROR_ADDRESS   0x3C /* the flash word (or buffer, or faulting instruction) address */
#define LDR_OFF_ERROR_DETAIL    0x40 /* the buffer's sequence number, or the exception number of a fault */
#define LDR_OFF_TICKS           0x44 /* SysTick periods elapsed since the start */

/* Host commands. */
#define LDR_OFF_COMMAND         0x50
#define LDR_OFF_HEARTBEAT       0x54 /* the host changes it to say it is still there */

/* Per bank plan (host writes before the start), LDR_BANK_SIZE bytes each from LDR_OFF_BANKS. */
#define LDR_OFF_BANKS           0x60
#define LDR_BANK_SIZE           0x60
#define LDR_BANK_REGS           0x00 /* offset of the bank's registers from the flash interface base: 0 or 0x100 */
#define LDR_BANK_START          0x04 /* the bank's first address */
#define LDR_BANK_END            0x08 /* the bank's first address past its end */
#define LDR_BANK_RANGE_COUNT    0x0C /* 0..LDR_MAX_RANGES */
#define LDR_BANK_RING           0x10 /* the first slot's address */
#define LDR_BANK_SLOT_COUNT     0x14
#define LDR_BANK_SLOT_SIZE      0x18 /* bytes per slot, a multiple of 32 */
#define LDR_BANK_DESCRIPTORS    0x1C /* the descriptor array's address (slot count entries) */
#define LDR_BANK_RANGES         0x20 /* [LDR_MAX_RANGES] of { start, end }: the only addresses the loader writes */
#define LDR_MAX_RANGES          8
#define LDR_MAX_BANKS           2

#define LDR_CONTROL_SIZE        (LDR_OFF_BANKS + LDR_MAX_BANKS * LDR_BANK_SIZE)

/* A buffer descriptor (one per slot). */
#define LDR_DESC_ADDRESS        0x00
#define LDR_DESC_LENGTH         0x04
#define LDR_DESC_SEQUENCE       0x08 /* written last by the host; buffer n of a bank has sequence n + 1 */
#define LDR_DESC_SIZE           0x10

/* States. */
#define LDR_STATE_LOADED        0u /* written by the host, not started */
#define LDR_STATE_RUNNING       1u
#define LDR_STATE_DONE          2u /* every published buffer programmed, finish requested */
#define LDR_STATE_FLASH_ERROR   3u /* an error flag in FLASH_SRx: error bank, SR, flash word address */
#define LDR_STATE_PLAN_ERROR    4u /* a buffer outside the plan or malformed: nothing of it was written */
#define LDR_STATE_FAULT         5u /* the core took an exception: detail = exception number, address = its PC */
#define LDR_STATE_ABANDONED     6u /* no sign of the host for the lease: both banks relocked */
#define LDR_STATE_BAD_CONTROL   7u /* the header or the plan is inconsistent: nothing was written */
#define LDR_STATE_LOCKED        8u /* a bank of the plan is locked (FLASH_CRx.LOCK) */
#define LDR_STATE_TIMEOUT       9u /* a flash word did not finish within the lease */
#define LDR_STATE_ABORTED       10u /* the host asked to stop */

/* Commands. */
#define LDR_COMMAND_RUN         0u
#define LDR_COMMAND_FINISH      1u /* stop once every published buffer is programmed */
#define LDR_COMMAND_ABORT       2u /* stop after the flash word in flight */

#endif
