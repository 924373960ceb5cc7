/* Benchmark module 23 (generated). */
#ifndef MODULE_23_H
#define MODULE_23_H
#include <stdint.h>
#include "common.h"
uint32_t module_23_checksum(const uint8_t *data, uint32_t length);
int32_t module_23_filter(const int16_t *samples, uint32_t count);
fixed_t module_23_poly(fixed_t x);
int module_23_step(int event);
void module_23_sort(int32_t *values, uint32_t count);
uint32_t module_23_run(void);
#endif
