/* Benchmark module 29 (generated). */
#ifndef MODULE_29_H
#define MODULE_29_H
#include <stdint.h>
#include "common.h"
uint32_t module_29_checksum(const uint8_t *data, uint32_t length);
int32_t module_29_filter(const int16_t *samples, uint32_t count);
fixed_t module_29_poly(fixed_t x);
int module_29_step(int event);
void module_29_sort(int32_t *values, uint32_t count);
uint32_t module_29_run(void);
#endif
