/* Benchmark module 34 (generated). */
#ifndef MODULE_34_H
#define MODULE_34_H
#include <stdint.h>
#include "common.h"
uint32_t module_34_checksum(const uint8_t *data, uint32_t length);
int32_t module_34_filter(const int16_t *samples, uint32_t count);
fixed_t module_34_poly(fixed_t x);
int module_34_step(int event);
void module_34_sort(int32_t *values, uint32_t count);
uint32_t module_34_run(void);
#endif
