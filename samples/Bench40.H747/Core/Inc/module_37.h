/* Benchmark module 37 (generated). */
#ifndef MODULE_37_H
#define MODULE_37_H
#include <stdint.h>
#include "common.h"
uint32_t module_37_checksum(const uint8_t *data, uint32_t length);
int32_t module_37_filter(const int16_t *samples, uint32_t count);
fixed_t module_37_poly(fixed_t x);
int module_37_step(int event);
void module_37_sort(int32_t *values, uint32_t count);
uint32_t module_37_run(void);
#endif
