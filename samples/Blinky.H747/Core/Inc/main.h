/* Blinky sample main header. */
#ifndef MAIN_H
#define MAIN_H

#include "board.h"

/* Busy-wait iterations between toggles. */
#define BLINK_DELAY 200000u

void delay(uint32_t iterations);

#endif
