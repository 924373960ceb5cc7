/* Benchmark module 00 (generated). */
#ifndef MODULE_00_H
#define MODULE_00_H
#include <stdint.h>
#include "common.h"
uint32_t module_00_checksum(const uint8_t *data, uint32_t length);
int32_t module_00_filter(const int16_t *samples, uint32_t count);
fixed_t module_00_poly(fixed_t x);
int module_00_step(int event);
void module_00_sort(int32_t *values, uint32_t count);
uint32_t module_00_run(void);
#endif
