/* Benchmark module 33 (generated). */
#ifndef MODULE_33_H
#define MODULE_33_H
#include <stdint.h>
#include "common.h"
uint32_t module_33_checksum(const uint8_t *data, uint32_t length);
int32_t module_33_filter(const int16_t *samples, uint32_t count);
fixed_t module_33_poly(fixed_t x);
int module_33_step(int event);
void module_33_sort(int32_t *values, uint32_t count);
uint32_t module_33_run(void);
#endif
