#ifndef FNSIM_HOLD_MODEL_H
#define FNSIM_HOLD_MODEL_H
#include <stdint.h>

/* The hold model written in plain C with the same data layout as the Swift kernel (a
   4-ary min-heap of 32-byte events ordered by time, then sequence; GSL taus2 with
   exponential gaps), as the reference `fnsim bench` compares against. Returns the
   checksum of handled event times; `seconds` receives the wall time of the loop. */
uint64_t fnsim_c_hold_model(int64_t pending, int64_t events, uint32_t seed, double mean_gap,
                            double *seconds);
#endif
