/* Benchmark module 20 (generated). */
#ifndef MODULE_20_H
#define MODULE_20_H
#include <stdint.h>
#include "common.h"
uint32_t module_20_checksum(const uint8_t *data, uint32_t length);
int32_t module_20_filter(const int16_t *samples, uint32_t count);
fixed_t module_20_poly(fixed_t x);
int module_20_step(int event);
void module_20_sort(int32_t *values, uint32_t count);
uint32_t module_20_run(void);
#endif
