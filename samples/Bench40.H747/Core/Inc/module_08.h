/* Benchmark module 08 (generated). */
#ifndef MODULE_08_H
#define MODULE_08_H
#include <stdint.h>
#include "common.h"
uint32_t module_08_checksum(const uint8_t *data, uint32_t length);
int32_t module_08_filter(const int16_t *samples, uint32_t count);
fixed_t module_08_poly(fixed_t x);
int module_08_step(int event);
void module_08_sort(int32_t *values, uint32_t count);
uint32_t module_08_run(void);
#endif
