/* Shared helpers of the benchmark sample (generated). */
#ifndef COMMON_H
#define COMMON_H
#include <stdint.h>
#define BENCH_STATE_WORDS 32
typedef int32_t fixed_t; /* Q16.16 */
#define FIXED_ONE ((fixed_t)0x10000)
static inline fixed_t fixed_from_int(int32_t v) { return (fixed_t)(v * 65536); }
static inline fixed_t fixed_add(fixed_t a, fixed_t b) { return a + b; }
static inline fixed_t fixed_mul(fixed_t a, fixed_t b) { return (fixed_t)(((int64_t)a * b) >> 16); }
#endif
