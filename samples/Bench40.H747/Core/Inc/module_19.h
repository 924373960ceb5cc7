/* Benchmark module 19 (generated). */
#ifndef MODULE_19_H
#define MODULE_19_H
#include <stdint.h>
#include "common.h"
uint32_t module_19_checksum(const uint8_t *data, uint32_t length);
int32_t module_19_filter(const int16_t *samples, uint32_t count);
fixed_t module_19_poly(fixed_t x);
int module_19_step(int event);
void module_19_sort(int32_t *values, uint32_t count);
uint32_t module_19_run(void);
#endif
