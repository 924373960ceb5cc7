/* Sorting: insertion sort and a recursive quicksort of pseudo-random arrays; a binary search afterwards. */
#include <stdint.h>

volatile uint32_t results[4];
static int32_t a[20];
static int16_t b[12];

static void quicksort(int32_t *v, int lo, int hi)
{
    while (lo < hi)
    {
        int32_t pivot = v[(lo + hi) / 2];
        int i = lo, j = hi;
        while (i <= j)
        {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j)
            {
                int32_t t = v[i]; v[i] = v[j]; v[j] = t;
                i++; j--;
            }
        }
        if (j - lo < hi - i) { quicksort(v, lo, j); lo = i; }
        else { quicksort(v, i, hi); hi = j; }
    }
}

static void insertion(int16_t *v, int n)
{
    for (int i = 1; i < n; i++)
    {
        int16_t key = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > key) { v[j + 1] = v[j]; j--; }
        v[j + 1] = key;
    }
}

int main(void)
{
    uint32_t s = 2463534242u;
    for (int i = 0; i < 20; i++) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; a[i] = (int32_t)s >> 3; }
    for (int i = 0; i < 12; i++) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; b[i] = (int16_t)s; }
    quicksort(a, 0, 19);
    insertion(b, 12);
    uint32_t ordered = 1;
    for (int i = 1; i < 20; i++) ordered &= a[i - 1] <= a[i];
    for (int i = 1; i < 12; i++) ordered &= b[i - 1] <= b[i];
    int lo = 0, hi = 19, key = a[13], found = -1;
    while (lo <= hi) { int mid = (lo + hi) >> 1; if (a[mid] == key) { found = mid; break; } if (a[mid] < key) lo = mid + 1; else hi = mid - 1; }
    results[0] = ordered;
    results[1] = (uint32_t)found;
    results[2] = (uint32_t)a[0] + (uint32_t)a[19];
    results[3] = (uint32_t)(uint16_t)b[0] | ((uint32_t)(uint16_t)b[11] << 16);
    return 0;
}
