/* Benchmark module 17 (generated). */
#ifndef MODULE_17_H
#define MODULE_17_H
#include <stdint.h>
#include "common.h"
uint32_t module_17_checksum(const uint8_t *data, uint32_t length);
int32_t module_17_filter(const int16_t *samples, uint32_t count);
fixed_t module_17_poly(fixed_t x);
int module_17_step(int event);
void module_17_sort(int32_t *values, uint32_t count);
uint32_t module_17_run(void);
#endif
