/* Benchmark module 13 (generated). */
#ifndef MODULE_13_H
#define MODULE_13_H
#include <stdint.h>
#include "common.h"
uint32_t module_13_checksum(const uint8_t *data, uint32_t length);
int32_t module_13_filter(const int16_t *samples, uint32_t count);
fixed_t module_13_poly(fixed_t x);
int module_13_step(int event);
void module_13_sort(int32_t *values, uint32_t count);
uint32_t module_13_run(void);
#endif
