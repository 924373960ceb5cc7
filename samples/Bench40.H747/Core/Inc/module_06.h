/* Benchmark module 06 (generated). */
#ifndef MODULE_06_H
#define MODULE_06_H
#include <stdint.h>
#include "common.h"
uint32_t module_06_checksum(const uint8_t *data, uint32_t length);
int32_t module_06_filter(const int16_t *samples, uint32_t count);
fixed_t module_06_poly(fixed_t x);
int module_06_step(int event);
void module_06_sort(int32_t *values, uint32_t count);
uint32_t module_06_run(void);
#endif
