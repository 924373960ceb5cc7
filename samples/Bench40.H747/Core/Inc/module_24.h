/* Benchmark module 24 (generated). */
#ifndef MODULE_24_H
#define MODULE_24_H
#include <stdint.h>
#include "common.h"
uint32_t module_24_checksum(const uint8_t *data, uint32_t length);
int32_t module_24_filter(const int16_t *samples, uint32_t count);
fixed_t module_24_poly(fixed_t x);
int module_24_step(int event);
void module_24_sort(int32_t *values, uint32_t count);
uint32_t module_24_run(void);
#endif
