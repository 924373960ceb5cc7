/* Benchmark module 36 (generated). */
#ifndef MODULE_36_H
#define MODULE_36_H
#include <stdint.h>
#include "common.h"
uint32_t module_36_checksum(const uint8_t *data, uint32_t length);
int32_t module_36_filter(const int16_t *samples, uint32_t count);
fixed_t module_36_poly(fixed_t x);
int module_36_step(int event);
void module_36_sort(int32_t *values, uint32_t count);
uint32_t module_36_run(void);
#endif
