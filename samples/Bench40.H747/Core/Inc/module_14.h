/* Benchmark module 14 (generated). */
#ifndef MODULE_14_H
#define MODULE_14_H
#include <stdint.h>
#include "common.h"
uint32_t module_14_checksum(const uint8_t *data, uint32_t length);
int32_t module_14_filter(const int16_t *samples, uint32_t count);
fixed_t module_14_poly(fixed_t x);
int module_14_step(int event);
void module_14_sort(int32_t *values, uint32_t count);
uint32_t module_14_run(void);
#endif
