#ifndef FNSIM_CGSL_SHIM_H
#define FNSIM_CGSL_SHIM_H
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_interp.h>

/* Swift 6 rejects reading GSL's generator-type globals directly (shared mutable
   state); these accessors return them by value. */
static inline const gsl_rng_type *fnsim_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *fnsim_rng_taus2(void) { return gsl_rng_taus2; }
/* The same for GSL's interpolation types (NR BLER curves use Steffen's monotone method). */
static inline const gsl_interp_type *fnsim_interp_steffen(void) { return gsl_interp_steffen; }
#endif
