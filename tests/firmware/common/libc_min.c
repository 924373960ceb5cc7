/* The two C library routines the compiler may call for struct initialisation and copies (a freestanding
 * program must provide them, C11 4p6 / GCC's -ffreestanding notes). Written for Stm32.Build. */
#include <stddef.h>

void *memset(void *destination, int value, size_t count)
{
    unsigned char *d = destination;
    while (count-- != 0u)
    {
        *d++ = (unsigned char)value;
    }
    return destination;
}

void *memcpy(void *destination, const void *source, size_t count)
{
    unsigned char *d = destination;
    const unsigned char *s = source;
    while (count-- != 0u)
    {
        *d++ = *s++;
    }
    return destination;
}
