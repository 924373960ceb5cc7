/* Benchmark module 16 (generated). */
#ifndef MODULE_16_H
#define MODULE_16_H
#include <stdint.h>
#include "common.h"
uint32_t module_16_checksum(const uint8_t *data, uint32_t length);
int32_t module_16_filter(const int16_t *samples, uint32_t count);
fixed_t module_16_poly(fixed_t x);
int module_16_step(int event);
void module_16_sort(int32_t *values, uint32_t count);
uint32_t module_16_run(void);
#endif
