/* Benchmark module 15 (generated). */
#ifndef MODULE_15_H
#define MODULE_15_H
#include <stdint.h>
#include "common.h"
uint32_t module_15_checksum(const uint8_t *data, uint32_t length);
int32_t module_15_filter(const int16_t *samples, uint32_t count);
fixed_t module_15_poly(fixed_t x);
int module_15_step(int event);
void module_15_sort(int32_t *values, uint32_t count);
uint32_t module_15_run(void);
#endif
