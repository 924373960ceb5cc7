/* Benchmark module 32 (generated). */
#ifndef MODULE_32_H
#define MODULE_32_H
#include <stdint.h>
#include "common.h"
uint32_t module_32_checksum(const uint8_t *data, uint32_t length);
int32_t module_32_filter(const int16_t *samples, uint32_t count);
fixed_t module_32_poly(fixed_t x);
int module_32_step(int event);
void module_32_sort(int32_t *values, uint32_t count);
uint32_t module_32_run(void);
#endif
