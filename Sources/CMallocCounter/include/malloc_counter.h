#ifndef FNSIM_MALLOC_COUNTER_H
#define FNSIM_MALLOC_COUNTER_H
#include <stdint.h>
/* Heap allocations made by the calling thread so far (malloc, calloc, realloc and the aligned
   variants), counted by wrappers that replace glibc's entry points in the test binary. */
int64_t fnsim_allocation_count(void);
#endif
