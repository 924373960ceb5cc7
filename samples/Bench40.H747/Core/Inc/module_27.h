/* Benchmark module 27 (generated). */
#ifndef MODULE_27_H
#define MODULE_27_H
#include <stdint.h>
#include "common.h"
uint32_t module_27_checksum(const uint8_t *data, uint32_t length);
int32_t module_27_filter(const int16_t *samples, uint32_t count);
fixed_t module_27_poly(fixed_t x);
int module_27_step(int event);
void module_27_sort(int32_t *values, uint32_t count);
uint32_t module_27_run(void);
#endif
