/* Benchmark module 35 (generated). */
#ifndef MODULE_35_H
#define MODULE_35_H
#include <stdint.h>
#include "common.h"
uint32_t module_35_checksum(const uint8_t *data, uint32_t length);
int32_t module_35_filter(const int16_t *samples, uint32_t count);
fixed_t module_35_poly(fixed_t x);
int module_35_step(int event);
void module_35_sort(int32_t *values, uint32_t count);
uint32_t module_35_run(void);
#endif
