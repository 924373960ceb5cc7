/* Benchmark module 12 (generated). */
#ifndef MODULE_12_H
#define MODULE_12_H
#include <stdint.h>
#include "common.h"
uint32_t module_12_checksum(const uint8_t *data, uint32_t length);
int32_t module_12_filter(const int16_t *samples, uint32_t count);
fixed_t module_12_poly(fixed_t x);
int module_12_step(int event);
void module_12_sort(int32_t *values, uint32_t count);
uint32_t module_12_run(void);
#endif
