/* Benchmark module 09 (generated). */
#ifndef MODULE_09_H
#define MODULE_09_H
#include <stdint.h>
#include "common.h"
uint32_t module_09_checksum(const uint8_t *data, uint32_t length);
int32_t module_09_filter(const int16_t *samples, uint32_t count);
fixed_t module_09_poly(fixed_t x);
int module_09_step(int event);
void module_09_sort(int32_t *values, uint32_t count);
uint32_t module_09_run(void);
#endif
