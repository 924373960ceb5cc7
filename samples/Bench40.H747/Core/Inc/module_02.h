/* Benchmark module 02 (generated). */
#ifndef MODULE_02_H
#define MODULE_02_H
#include <stdint.h>
#include "common.h"
uint32_t module_02_checksum(const uint8_t *data, uint32_t length);
int32_t module_02_filter(const int16_t *samples, uint32_t count);
fixed_t module_02_poly(fixed_t x);
int module_02_step(int event);
void module_02_sort(int32_t *values, uint32_t count);
uint32_t module_02_run(void);
#endif
