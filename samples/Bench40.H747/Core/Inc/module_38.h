/* Benchmark module 38 (generated). */
#ifndef MODULE_38_H
#define MODULE_38_H
#include <stdint.h>
#include "common.h"
uint32_t module_38_checksum(const uint8_t *data, uint32_t length);
int32_t module_38_filter(const int16_t *samples, uint32_t count);
fixed_t module_38_poly(fixed_t x);
int module_38_step(int event);
void module_38_sort(int32_t *values, uint32_t count);
uint32_t module_38_run(void);
#endif
