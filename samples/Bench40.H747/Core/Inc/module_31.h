/* Benchmark module 31 (generated). */
#ifndef MODULE_31_H
#define MODULE_31_H
#include <stdint.h>
#include "common.h"
uint32_t module_31_checksum(const uint8_t *data, uint32_t length);
int32_t module_31_filter(const int16_t *samples, uint32_t count);
fixed_t module_31_poly(fixed_t x);
int module_31_step(int event);
void module_31_sort(int32_t *values, uint32_t count);
uint32_t module_31_run(void);
#endif
