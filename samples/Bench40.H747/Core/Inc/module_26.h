/* Benchmark module 26 (generated). */
#ifndef MODULE_26_H
#define MODULE_26_H
#include <stdint.h>
#include "common.h"
uint32_t module_26_checksum(const uint8_t *data, uint32_t length);
int32_t module_26_filter(const int16_t *samples, uint32_t count);
fixed_t module_26_poly(fixed_t x);
int module_26_step(int event);
void module_26_sort(int32_t *values, uint32_t count);
uint32_t module_26_run(void);
#endif
