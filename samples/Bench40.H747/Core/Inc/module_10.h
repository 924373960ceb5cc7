/* Benchmark module 10 (generated). */
#ifndef MODULE_10_H
#define MODULE_10_H
#include <stdint.h>
#include "common.h"
uint32_t module_10_checksum(const uint8_t *data, uint32_t length);
int32_t module_10_filter(const int16_t *samples, uint32_t count);
fixed_t module_10_poly(fixed_t x);
int module_10_step(int event);
void module_10_sort(int32_t *values, uint32_t count);
uint32_t module_10_run(void);
#endif
