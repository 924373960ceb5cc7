/* Benchmark module 39 (generated). */
#ifndef MODULE_39_H
#define MODULE_39_H
#include <stdint.h>
#include "common.h"
uint32_t module_39_checksum(const uint8_t *data, uint32_t length);
int32_t module_39_filter(const int16_t *samples, uint32_t count);
fixed_t module_39_poly(fixed_t x);
int module_39_step(int event);
void module_39_sort(int32_t *values, uint32_t count);
uint32_t module_39_run(void);
#endif
