/* Benchmark module 28 (generated). */
#ifndef MODULE_28_H
#define MODULE_28_H
#include <stdint.h>
#include "common.h"
uint32_t module_28_checksum(const uint8_t *data, uint32_t length);
int32_t module_28_filter(const int16_t *samples, uint32_t count);
fixed_t module_28_poly(fixed_t x);
int module_28_step(int event);
void module_28_sort(int32_t *values, uint32_t count);
uint32_t module_28_run(void);
#endif
