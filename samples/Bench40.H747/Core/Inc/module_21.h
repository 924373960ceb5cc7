/* Benchmark module 21 (generated). */
#ifndef MODULE_21_H
#define MODULE_21_H
#include <stdint.h>
#include "common.h"
uint32_t module_21_checksum(const uint8_t *data, uint32_t length);
int32_t module_21_filter(const int16_t *samples, uint32_t count);
fixed_t module_21_poly(fixed_t x);
int module_21_step(int event);
void module_21_sort(int32_t *values, uint32_t count);
uint32_t module_21_run(void);
#endif
