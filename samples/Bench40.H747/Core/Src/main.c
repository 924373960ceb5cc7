/* Benchmark sample main (generated). */
#include <stdint.h>
#include "module_00.h"
#include "module_01.h"
#include "module_02.h"
#include "module_03.h"
#include "module_04.h"
#include "module_05.h"
#include "module_06.h"
#include "module_07.h"
#include "module_08.h"
#include "module_09.h"
#include "module_10.h"
#include "module_11.h"
#include "module_12.h"
#include "module_13.h"
#include "module_14.h"
#include "module_15.h"
#include "module_16.h"
#include "module_17.h"
#include "module_18.h"
#include "module_19.h"
#include "module_20.h"
#include "module_21.h"
#include "module_22.h"
#include "module_23.h"
#include "module_24.h"
#include "module_25.h"
#include "module_26.h"
#include "module_27.h"
#include "module_28.h"
#include "module_29.h"
#include "module_30.h"
#include "module_31.h"
#include "module_32.h"
#include "module_33.h"
#include "module_34.h"
#include "module_35.h"
#include "module_36.h"
#include "module_37.h"
#include "module_38.h"
#include "module_39.h"

volatile uint32_t bench_result;

int main(void)
{
    for (;;)
    {
        uint32_t total = 0;
        total += module_00_run();
        total += module_01_run();
        total += module_02_run();
        total += module_03_run();
        total += module_04_run();
        total += module_05_run();
        total += module_06_run();
        total += module_07_run();
        total += module_08_run();
        total += module_09_run();
        total += module_10_run();
        total += module_11_run();
        total += module_12_run();
        total += module_13_run();
        total += module_14_run();
        total += module_15_run();
        total += module_16_run();
        total += module_17_run();
        total += module_18_run();
        total += module_19_run();
        total += module_20_run();
        total += module_21_run();
        total += module_22_run();
        total += module_23_run();
        total += module_24_run();
        total += module_25_run();
        total += module_26_run();
        total += module_27_run();
        total += module_28_run();
        total += module_29_run();
        total += module_30_run();
        total += module_31_run();
        total += module_32_run();
        total += module_33_run();
        total += module_34_run();
        total += module_35_run();
        total += module_36_run();
        total += module_37_run();
        total += module_38_run();
        total += module_39_run();
        bench_result = total;
    }
}
