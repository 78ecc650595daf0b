#include "hold_model.h"
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    int64_t time;
    uint64_t sequence;
    int32_t kind, target, arg;
    uint32_t generation;
} event_t;

static inline int precedes(const event_t *a, const event_t *b) {
    return a->time < b->time || (a->time == b->time && a->sequence < b->sequence);
}

static void sift_up(event_t *h, int64_t i) {
    event_t e = h[i];
    while (i > 0) {
        int64_t parent = (i - 1) >> 2;
        if (!precedes(&e, &h[parent])) break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = e;
}

static void sift_down(event_t *h, int64_t n, int64_t i) {
    event_t e = h[i];
    for (;;) {
        int64_t first = (i << 2) + 1;
        if (first >= n) break;
        int64_t best = first, end = first + 4 < n ? first + 4 : n;
        for (int64_t c = first + 1; c < end; c++)
            if (precedes(&h[c], &h[best])) best = c;
        if (!precedes(&h[best], &e)) break;
        h[i] = h[best];
        i = best;
    }
    h[i] = e;
}

uint64_t fnsim_c_hold_model(int64_t pending, int64_t events, uint32_t seed, double mean_gap,
                            double *seconds) {
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, seed);
    event_t *h = malloc(sizeof(event_t) * (size_t)(pending + 1));
    int64_t n = 0;
    uint64_t seq = 0, checksum = 0;
    for (int64_t i = 0; i < pending; i++) {
        event_t e = {(int64_t)gsl_ran_exponential(r, mean_gap), seq++, 0, (int32_t)i, 0, 0};
        h[n] = e;
        sift_up(h, n++);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int64_t k = 0; k < events; k++) {
        event_t top = h[0];
        h[0] = h[--n];
        if (n > 0) sift_down(h, n, 0);
        checksum += (uint64_t)top.time;
        event_t e = {top.time + 1 + (int64_t)gsl_ran_exponential(r, mean_gap), seq++, 0, top.target, 0, 0};
        h[n] = e;
        sift_up(h, n++);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    free(h);
    gsl_rng_free(r);
    return checksum;
}
