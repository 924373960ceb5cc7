/* Benchmark module 05 (generated). */
#ifndef MODULE_05_H
#define MODULE_05_H
#include <stdint.h>
#include "common.h"
uint32_t module_05_checksum(const uint8_t *data, uint32_t length);
int32_t module_05_filter(const int16_t *samples, uint32_t count);
fixed_t module_05_poly(fixed_t x);
int module_05_step(int event);
void module_05_sort(int32_t *values, uint32_t count);
uint32_t module_05_run(void);
#endif
