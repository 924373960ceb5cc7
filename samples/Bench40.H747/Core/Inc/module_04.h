/* Benchmark module 04 (generated). */
#ifndef MODULE_04_H
#define MODULE_04_H
#include <stdint.h>
#include "common.h"
uint32_t module_04_checksum(const uint8_t *data, uint32_t length);
int32_t module_04_filter(const int16_t *samples, uint32_t count);
fixed_t module_04_poly(fixed_t x);
int module_04_step(int event);
void module_04_sort(int32_t *values, uint32_t count);
uint32_t module_04_run(void);
#endif
