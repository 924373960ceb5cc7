/* Benchmark module 03 (generated). */
#ifndef MODULE_03_H
#define MODULE_03_H
#include <stdint.h>
#include "common.h"
uint32_t module_03_checksum(const uint8_t *data, uint32_t length);
int32_t module_03_filter(const int16_t *samples, uint32_t count);
fixed_t module_03_poly(fixed_t x);
int module_03_step(int event);
void module_03_sort(int32_t *values, uint32_t count);
uint32_t module_03_run(void);
#endif
