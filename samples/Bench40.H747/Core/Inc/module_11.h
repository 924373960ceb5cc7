/* Benchmark module 11 (generated). */
#ifndef MODULE_11_H
#define MODULE_11_H
#include <stdint.h>
#include "common.h"
uint32_t module_11_checksum(const uint8_t *data, uint32_t length);
int32_t module_11_filter(const int16_t *samples, uint32_t count);
fixed_t module_11_poly(fixed_t x);
int module_11_step(int event);
void module_11_sort(int32_t *values, uint32_t count);
uint32_t module_11_run(void);
#endif
