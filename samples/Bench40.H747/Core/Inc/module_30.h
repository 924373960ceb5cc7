/* Benchmark module 30 (generated). */
#ifndef MODULE_30_H
#define MODULE_30_H
#include <stdint.h>
#include "common.h"
uint32_t module_30_checksum(const uint8_t *data, uint32_t length);
int32_t module_30_filter(const int16_t *samples, uint32_t count);
fixed_t module_30_poly(fixed_t x);
int module_30_step(int event);
void module_30_sort(int32_t *values, uint32_t count);
uint32_t module_30_run(void);
#endif
