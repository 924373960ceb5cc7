/* Benchmark module 25 (generated). */
#ifndef MODULE_25_H
#define MODULE_25_H
#include <stdint.h>
#include "common.h"
uint32_t module_25_checksum(const uint8_t *data, uint32_t length);
int32_t module_25_filter(const int16_t *samples, uint32_t count);
fixed_t module_25_poly(fixed_t x);
int module_25_step(int event);
void module_25_sort(int32_t *values, uint32_t count);
uint32_t module_25_run(void);
#endif
