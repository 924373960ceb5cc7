/*
 * Stm32.Build flash loader for the STM32H7 embedded flash (RM0399/RM0433 chapter 4): runs on the Cortex-M7 from
 * DTCM and programs 256-bit flash words from RAM buffers the host streams in, in both banks at once.
 *
 * The host (Stm32.Build.Flashing, H7LoaderSession) resets the core to a known state, writes this image at
 * 0x20000000, the control block (h7_loader_layout.h) and the plan, sets SP, PC and PRIMASK and lets the core run.
 * Each bank has a ring of slots with a descriptor each; the loader programs a bank's buffers in sequence order:
 * for every flash word it waits until FLASH_SRx.QW is clear (RM0399 4.3.9, single write sequence: write one flash
 * word, then wait for QW to clear before the next), writes the 32 bytes with PG set and the parallelism the host
 * chose, and checks the error flags. While nothing can progress it sleeps in WFI with PRIMASK set: the FLASH
 * interrupt (EOP and the error flags, enabled in FLASH_CRx, NVIC position 4) and SysTick wake it without an
 * exception being taken (ARMv7-M B1.5.19), so the firmware's vector table is never used. Faults go to its own
 * vector table (VTOR), which records them and halts on a breakpoint.
 *
 * It never writes an address outside the plan: every buffer is checked against the plan's ranges before a byte
 * of it is written; a buffer outside is a plan error, not a write. It relocks the flash and stops when the host
 * gives no sign of life for the lease.
 *
 * Built by build-loader.sh (arm-none-eabi-gcc); the bytes are embedded in H7LoaderImage.g.cs.
 */
#include <stddef.h>
#include <stdint.h>
#include "h7_loader_layout.h"

typedef volatile uint32_t reg32;

/* Flash interface, per bank (RM0399 4.9.4-4.9.6). */
#define FLASH_CR              0x0Cu
#define FLASH_SR              0x10u
#define FLASH_CCR             0x14u
#define CR_LOCK               (1u << 0)
#define CR_PG                 (1u << 1)
#define CR_PSIZE_SHIFT        4
/* EOPIE and the error interrupt enables, each at the position of its FLASH_SRx flag (4.9.4, 4.9.5). */
#define CR_INTERRUPTS         0x07EF0000u
#define SR_QW                 (1u << 2)
#define SR_EOP                (1u << 16)
/* WRPERR PGSERR STRBERR INCERR OPERR RDPERR RDSERR SNECCERR DBECCERR (4.9.5). */
#define SR_ERRORS             0x07EE0000u
#define FLASH_IRQ_BIT         (1u << 4) /* the FLASH global interrupt, NVIC position 4 (RM0399 table "NVIC") */

/* Cortex-M7 system control space (ARMv7-M B3.2, B3.3, B3.4). */
#define SYST_CSR              (*(reg32 *)0xE000E010u)
#define SYST_RVR              (*(reg32 *)0xE000E014u)
#define SYST_CVR              (*(reg32 *)0xE000E018u)
#define NVIC_ISER0            (*(reg32 *)0xE000E100u)
#define NVIC_ICER0            (*(reg32 *)0xE000E180u)
#define NVIC_ICPR0            (*(reg32 *)0xE000E280u)
#define SCB_ICSR              (*(reg32 *)0xE000ED04u)
#define SCB_VTOR              (*(reg32 *)0xE000ED08u)
#define SYST_ENABLE_TICKINT_CORECLK 7u
#define ICSR_PENDSTSET        (1u << 26)
#define ICSR_PENDSTCLR        (1u << 25)

struct ldr_range
{
    uint32_t start;
    uint32_t end;
};

struct ldr_bank
{
    uint32_t regs;
    uint32_t start;
    uint32_t end;
    uint32_t range_count;
    uint32_t ring;
    uint32_t slot_count;
    uint32_t slot_size;
    uint32_t descriptors;
    struct ldr_range ranges[LDR_MAX_RANGES];
};

struct ldr_control
{
    uint32_t magic;
    uint32_t version;
    uint32_t size;
    uint32_t bank_count;
    uint32_t psize;
    uint32_t tick_cycles;
    uint32_t lease_ticks;
    uint32_t flash_regs;
    uint32_t state;
    uint32_t completed[LDR_MAX_BANKS];
    uint32_t bytes_done[LDR_MAX_BANKS];
    uint32_t error_bank;
    uint32_t error_sr;
    uint32_t error_address;
    uint32_t error_detail;
    uint32_t ticks;
    uint32_t reserved0[2];
    uint32_t command;
    uint32_t heartbeat;
    uint32_t reserved1[2];
    struct ldr_bank banks[LDR_MAX_BANKS];
};

_Static_assert(offsetof(struct ldr_control, tick_cycles) == LDR_OFF_TICK_CYCLES, "control layout");
_Static_assert(offsetof(struct ldr_control, flash_regs) == LDR_OFF_FLASH_REGS, "control layout");
_Static_assert(offsetof(struct ldr_control, state) == LDR_OFF_STATE, "control layout");
_Static_assert(offsetof(struct ldr_control, completed) == LDR_OFF_COMPLETED, "control layout");
_Static_assert(offsetof(struct ldr_control, bytes_done) == LDR_OFF_BYTES_DONE, "control layout");
_Static_assert(offsetof(struct ldr_control, error_detail) == LDR_OFF_ERROR_DETAIL, "control layout");
_Static_assert(offsetof(struct ldr_control, ticks) == LDR_OFF_TICKS, "control layout");
_Static_assert(offsetof(struct ldr_control, command) == LDR_OFF_COMMAND, "control layout");
_Static_assert(offsetof(struct ldr_control, heartbeat) == LDR_OFF_HEARTBEAT, "control layout");
_Static_assert(offsetof(struct ldr_control, banks) == LDR_OFF_BANKS, "control layout");
_Static_assert(sizeof(struct ldr_bank) == LDR_BANK_SIZE, "bank layout");
_Static_assert(offsetof(struct ldr_bank, ranges) == LDR_BANK_RANGES, "bank layout");
_Static_assert(offsetof(struct ldr_bank, descriptors) == LDR_BANK_DESCRIPTORS, "bank layout");
_Static_assert(sizeof(struct ldr_control) == LDR_CONTROL_SIZE, "control size");

/* The control block: written by the host, never initialised by the loader (NOLOAD). */
volatile struct ldr_control loader_control __attribute__((section(".control")));

/* What the loader keeps per bank while it runs. */
struct bank_run
{
    reg32 *cr;
    reg32 *sr;
    reg32 *ccr;
    uint32_t cr_idle;      /* PSIZE and the interrupt enables, PG clear */
    uint32_t next_sequence;
    uint32_t slot;
    uint32_t busy;         /* a buffer is being programmed */
    uint32_t address;
    uint32_t length;
    uint32_t offset;
    const uint32_t *data;
    uint32_t last_word;
};

extern uint32_t __stack_top;
void loader_entry(void) __attribute__((noreturn, used));
void loader_fault(void) __attribute__((noreturn, used));

/* Its own vector table (ARMv7-M B1.5.3): every exception but reset records a fault and halts. */
__attribute__((section(".vectors"), used)) void (*const loader_vectors[16])(void) = {
    (void (*)(void))&__stack_top, loader_entry, loader_fault, loader_fault,
    loader_fault, loader_fault, loader_fault, loader_fault,
    loader_fault, loader_fault, loader_fault, loader_fault,
    loader_fault, loader_fault, loader_fault, loader_fault,
};

static inline void dsb(void) { __asm volatile("dsb 0xF" ::: "memory"); }

static inline void isb(void) { __asm volatile("isb 0xF" ::: "memory"); }

static reg32 *flash_reg(volatile struct ldr_control *c, uint32_t bank, uint32_t offset)
{
    return (reg32 *)(c->flash_regs + c->banks[bank].regs + offset);
}

/* Stops: the flash word in flight ends on its own; PG and the interrupts are cleared, the state is set last. */
static void __attribute__((noreturn)) finish(volatile struct ldr_control *c, struct bank_run *run, uint32_t count, uint32_t state)
{
    for (uint32_t b = 0; b < count; b++)
    {
        if (run[b].cr != 0)
        {
            uint32_t cr = run[b].cr_idle & ~CR_INTERRUPTS;
            *run[b].cr = state == LDR_STATE_ABANDONED ? (cr | CR_LOCK) : cr;
        }
    }
    SYST_CSR = 0;
    SCB_ICSR = ICSR_PENDSTCLR;
    NVIC_ICER0 = FLASH_IRQ_BIT;
    NVIC_ICPR0 = FLASH_IRQ_BIT;
    dsb();
    c->state = state;
    dsb();
    for (;;)
    {
        __asm volatile("bkpt 0");
    }
}

static uint32_t plan_is_valid(volatile struct ldr_control *c)
{
    if (c->magic != LDR_MAGIC || c->version != LDR_VERSION || c->size != LDR_CONTROL_SIZE
        || c->bank_count == 0 || c->bank_count > LDR_MAX_BANKS || c->psize > 3
        || c->tick_cycles == 0 || c->tick_cycles > 0x1000000u || c->lease_ticks == 0 || (c->flash_regs & 3u) != 0)
    {
        return 0;
    }
    for (uint32_t b = 0; b < c->bank_count; b++)
    {
        volatile struct ldr_bank *bank = &c->banks[b];
        if ((bank->regs != 0 && bank->regs != 0x100u) || bank->start >= bank->end || (bank->start & 31u) != 0
            || bank->range_count > LDR_MAX_RANGES || bank->slot_count == 0 || bank->slot_size == 0
            || (bank->slot_size & 31u) != 0 || (bank->ring & 3u) != 0 || (bank->descriptors & 3u) != 0)
        {
            return 0;
        }
        for (uint32_t r = 0; r < bank->range_count; r++)
        {
            uint32_t start = bank->ranges[r].start;
            uint32_t end = bank->ranges[r].end;
            if (start >= end || (start & 31u) != 0 || (end & 31u) != 0 || start < bank->start || end > bank->end)
            {
                return 0;
            }
        }
    }
    return 1;
}

/* Whether [address, address + length) is whole flash words inside one range of the bank's plan. */
static uint32_t buffer_is_in_plan(volatile struct ldr_bank *bank, uint32_t address, uint32_t length)
{
    uint32_t end = address + length;
    if (length == 0 || length > bank->slot_size || (address & 31u) != 0 || (length & 31u) != 0 || end < address)
    {
        return 0;
    }
    for (uint32_t r = 0; r < bank->range_count; r++)
    {
        if (address >= bank->ranges[r].start && end <= bank->ranges[r].end)
        {
            return 1;
        }
    }
    return 0;
}

static volatile uint32_t *descriptor(volatile struct ldr_bank *bank, uint32_t slot)
{
    return (volatile uint32_t *)(bank->descriptors + slot * LDR_DESC_SIZE);
}

void loader_entry(void)
{
    __asm volatile("cpsid i" ::: "memory");
    SCB_VTOR = (uint32_t)loader_vectors;
    dsb();
    isb();
    volatile struct ldr_control *c = &loader_control;
    struct bank_run run[LDR_MAX_BANKS];
    for (uint32_t b = 0; b < LDR_MAX_BANKS; b++)
    {
        volatile uint32_t *words = (volatile uint32_t *)&run[b];
        for (uint32_t i = 0; i < sizeof(struct bank_run) / 4; i++)
        {
            words[i] = 0; /* volatile: no call to memset, which this image does not have */
        }
    }
    if (!plan_is_valid(c))
    {
        finish(c, run, 0, LDR_STATE_BAD_CONTROL);
    }
    uint32_t count = c->bank_count;
    for (uint32_t b = 0; b < count; b++)
    {
        run[b].cr = flash_reg(c, b, FLASH_CR);
        run[b].sr = flash_reg(c, b, FLASH_SR);
        run[b].ccr = flash_reg(c, b, FLASH_CCR);
        run[b].cr_idle = (c->psize << CR_PSIZE_SHIFT) | CR_INTERRUPTS;
        run[b].next_sequence = 1;
    }
    for (uint32_t b = 0; b < count; b++)
    {
        if ((*run[b].cr & CR_LOCK) != 0)
        {
            c->error_bank = b;
            c->error_address = c->banks[b].start;
            finish(c, run, 0, LDR_STATE_LOCKED);
        }
    }
    for (uint32_t b = 0; b < count; b++)
    {
        *run[b].ccr = SR_EOP;
        *run[b].cr = run[b].cr_idle;
    }
    SYST_RVR = c->tick_cycles - 1u;
    SYST_CVR = 0;
    SYST_CSR = SYST_ENABLE_TICKINT_CORECLK;
    NVIC_ICPR0 = FLASH_IRQ_BIT;
    NVIC_ISER0 = FLASH_IRQ_BIT;
    uint32_t ticks = 0;
    uint32_t quiet = 0;
    uint32_t heartbeat = c->heartbeat;
    c->state = LDR_STATE_RUNNING;
    dsb();

    for (;;)
    {
        uint32_t progress = 0;
        uint32_t waiting = 0;
        if (c->heartbeat != heartbeat)
        {
            heartbeat = c->heartbeat;
            quiet = 0;
        }
        for (uint32_t b = 0; b < count; b++)
        {
            struct bank_run *r = &run[b];
            volatile struct ldr_bank *bank = &c->banks[b];
            if (!r->busy)
            {
                volatile uint32_t *d = descriptor(bank, r->slot);
                if (d[LDR_DESC_SEQUENCE / 4] != r->next_sequence)
                {
                    continue;
                }
                uint32_t address = d[LDR_DESC_ADDRESS / 4];
                uint32_t length = d[LDR_DESC_LENGTH / 4];
                if (!buffer_is_in_plan(bank, address, length))
                {
                    c->error_bank = b;
                    c->error_address = address;
                    c->error_sr = length;
                    c->error_detail = r->next_sequence;
                    finish(c, run, count, LDR_STATE_PLAN_ERROR);
                }
                r->address = address;
                r->length = length;
                r->offset = 0;
                r->data = (const uint32_t *)(bank->ring + r->slot * bank->slot_size);
                r->busy = 1;
                quiet = 0;
                *r->cr = r->cr_idle | CR_PG;
                dsb();
            }
            uint32_t sr = *r->sr;
            if ((sr & SR_QW) != 0)
            {
                waiting = 1;
                continue;
            }
            if ((sr & SR_ERRORS) != 0)
            {
                c->error_bank = b;
                c->error_sr = sr;
                c->error_address = r->offset == 0 ? r->address : r->last_word;
                c->error_detail = r->next_sequence;
                finish(c, run, count, LDR_STATE_FLASH_ERROR);
            }
            if (r->offset >= r->length)
            {
                *r->cr = r->cr_idle;
                c->bytes_done[b] += r->length;
                c->completed[b] = r->next_sequence;
                r->next_sequence++;
                r->slot = r->slot + 1 == bank->slot_count ? 0 : r->slot + 1;
                r->busy = 0;
                progress = 1;
                continue;
            }
            reg32 *dst = (reg32 *)(r->address + r->offset);
            const uint32_t *src = r->data + r->offset / 4;
            for (uint32_t i = 0; i < 8; i++)
            {
                dst[i] = src[i];
            }
            dsb();
            r->last_word = r->address + r->offset;
            r->offset += 32;
            progress = 1;
        }
        uint32_t command = c->command;
        if (command == LDR_COMMAND_ABORT)
        {
            finish(c, run, count, LDR_STATE_ABORTED);
        }
        if (progress)
        {
            continue;
        }
        if (command == LDR_COMMAND_FINISH && !waiting)
        {
            uint32_t pending = 0;
            for (uint32_t b = 0; b < count; b++)
            {
                pending |= run[b].busy | (descriptor(&c->banks[b], run[b].slot)[LDR_DESC_SEQUENCE / 4] == run[b].next_sequence);
            }
            if (!pending)
            {
                finish(c, run, count, LDR_STATE_DONE);
            }
            continue;
        }
        /* Nothing to do until a flash word completes, the host publishes a buffer, or the next tick. */
        __asm volatile("dsb 0xF\n\twfi\n\tisb 0xF" ::: "memory");
        if ((SCB_ICSR & ICSR_PENDSTSET) != 0)
        {
            SCB_ICSR = ICSR_PENDSTCLR;
            ticks++;
            c->ticks = ticks;
            if (++quiet > c->lease_ticks)
            {
                finish(c, run, count, LDR_STATE_ABANDONED);
            }
        }
        for (uint32_t b = 0; b < count; b++)
        {
            *run[b].ccr = SR_EOP;
        }
        dsb();
        NVIC_ICPR0 = FLASH_IRQ_BIT;
    }
}

void loader_fault(void)
{
    uint32_t ipsr;
    uint32_t sp;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    __asm volatile("mov %0, sp" : "=r"(sp));
    volatile struct ldr_control *c = &loader_control;
    c->error_detail = ipsr & 0x1FFu;
    /* The stacked PC of the basic frame (ARMv7-M B1.5.6), when the stack pointer is still in this image's RAM. */
    c->error_address = sp >= 0x20000000u && sp + 32u <= (uint32_t)&__stack_top ? ((const uint32_t *)sp)[6] : 0;
    dsb();
    c->state = LDR_STATE_FAULT;
    dsb();
    for (;;)
    {
        __asm volatile("bkpt 1");
    }
}
