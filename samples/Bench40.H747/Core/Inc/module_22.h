/* Benchmark module 22 (generated). */
#ifndef MODULE_22_H
#define MODULE_22_H
#include <stdint.h>
#include "common.h"
uint32_t module_22_checksum(const uint8_t *data, uint32_t length);
int32_t module_22_filter(const int16_t *samples, uint32_t count);
fixed_t module_22_poly(fixed_t x);
int module_22_step(int event);
void module_22_sort(int32_t *values, uint32_t count);
uint32_t module_22_run(void);
#endif
