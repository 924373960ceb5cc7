/* Benchmark module 18 (generated). */
#ifndef MODULE_18_H
#define MODULE_18_H
#include <stdint.h>
#include "common.h"
uint32_t module_18_checksum(const uint8_t *data, uint32_t length);
int32_t module_18_filter(const int16_t *samples, uint32_t count);
fixed_t module_18_poly(fixed_t x);
int module_18_step(int event);
void module_18_sort(int32_t *values, uint32_t count);
uint32_t module_18_run(void);
#endif
