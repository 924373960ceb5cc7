/* Benchmark module 01 (generated). */
#ifndef MODULE_01_H
#define MODULE_01_H
#include <stdint.h>
#include "common.h"
uint32_t module_01_checksum(const uint8_t *data, uint32_t length);
int32_t module_01_filter(const int16_t *samples, uint32_t count);
fixed_t module_01_poly(fixed_t x);
int module_01_step(int event);
void module_01_sort(int32_t *values, uint32_t count);
uint32_t module_01_run(void);
#endif
