/* String and memory code through newlib's memcpy, memmove, memset, strlen, strcmp, strchr and memcmp. */
#include <stdint.h>
#include <string.h>

volatile uint32_t results[12];
static char buf[96];
static char other[96];

int main(void)
{
    static const char text[] = "The quick brown fox jumps over the lazy dog";
    memset(buf, 'x', sizeof buf);
    memcpy(buf + 3, text, sizeof text);
    memcpy(other, buf + 1, 50);
    memmove(buf + 8, buf + 3, 20);
    results[0] = strlen(buf + 3);
    results[1] = (uint32_t)strcmp(buf + 3, text);
    results[2] = (uint32_t)(strchr(text, 'z') - text);
    results[3] = (uint32_t)memcmp(other, buf, 10);
    results[4] = (uint32_t)strlen(text + 5);
    results[5] = (uint32_t)buf[10] | ((uint32_t)buf[20] << 8) | ((uint32_t)other[7] << 16);
    memset(other + 5, 0, 17);
    results[6] = strlen(other);
    results[7] = (uint32_t)strncmp(text, "The quack", 9);
    return 0;
}
