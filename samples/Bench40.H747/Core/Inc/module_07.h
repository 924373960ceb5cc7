/* Benchmark module 07 (generated). */
#ifndef MODULE_07_H
#define MODULE_07_H
#include <stdint.h>
#include "common.h"
uint32_t module_07_checksum(const uint8_t *data, uint32_t length);
int32_t module_07_filter(const int16_t *samples, uint32_t count);
fixed_t module_07_poly(fixed_t x);
int module_07_step(int event);
void module_07_sort(int32_t *values, uint32_t count);
uint32_t module_07_run(void);
#endif
