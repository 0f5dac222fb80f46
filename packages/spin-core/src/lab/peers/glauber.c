/*
 * The C peer of `replica-lab bench --suite dynamics`: sequential Glauber sweeps
 * with the same algorithm as @replica/spin-core's CPU engine — f32 couplings,
 * f64 incremental local fields, one Philox4x32-10 block per 4 sites with counter
 * (site/4, sweep, replica, 0), u = (w >> 8)·2^-24, flip to +1 when u < (1 + tanh βφ)/2.
 * Couplings: dense SK J_ij ~ N(0, 1/N), or the pattern form with K ±1 patterns
 * (integer overlaps M_μ, O(K) per field and per flip). `pattern-zero` is the Hopfield
 * capacity workload: the pattern form under zero-temperature dynamics σ_i ← sgn(φ_i)
 * (a zero field keeps σ_i), sites in order, no random numbers; beta is ignored.
 *
 * Build: gcc -O3 -march=native -o glauber glauber.c -lm
 * Usage: glauber dense|pattern|pattern-zero N K R beta min_seconds
 * Prints one JSON line: {"sweepsPerSecond": ..., "energyPerSpin": ...}.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline void mulhilo(uint32_t a, uint32_t b, uint32_t *hi, uint32_t *lo) {
  uint64_t p = (uint64_t)a * (uint64_t)b;
  *hi = (uint32_t)(p >> 32);
  *lo = (uint32_t)p;
}

static void philox(const uint32_t c[4], uint32_t k0, uint32_t k1, uint32_t out[4]) {
  uint32_t x0 = c[0], x1 = c[1], x2 = c[2], x3 = c[3];
  for (int r = 0; r < 10; r++) {
    if (r > 0) {
      k0 += 0x9e3779b9u;
      k1 += 0xbb67ae85u;
    }
    uint32_t hi0, lo0, hi1, lo1;
    mulhilo(0xd2511f53u, x0, &hi0, &lo0);
    mulhilo(0xcd9e8d57u, x2, &hi1, &lo1);
    x0 = hi1 ^ x1 ^ k0;
    x1 = lo1;
    x2 = hi0 ^ x3 ^ k1;
    x3 = lo0;
  }
  out[0] = x0; out[1] = x1; out[2] = x2; out[3] = x3;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* A Gaussian from a simple 64-bit LCG + Box-Muller: only to fill J (its statistics, not its bits, matter). */
static uint64_t lcg = 0x853c49e6748fea9bULL;
static double uniform01(void) {
  lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
  return ((lcg >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}
static double gauss(void) { return sqrt(-2 * log(uniform01())) * cos(6.283185307179586 * uniform01()); }

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s dense|pattern|pattern-zero N K R beta min_seconds\n", argv[0]);
    return 2;
  }
  const int zero = strcmp(argv[1], "pattern-zero") == 0;
  const int pattern = zero || strcmp(argv[1], "pattern") == 0;
  const int n = atoi(argv[2]), k = atoi(argv[3]), R = atoi(argv[4]);
  const double beta = atof(argv[5]), minSeconds = atof(argv[6]);
  int8_t *spins = malloc((size_t)R * n);
  for (size_t t = 0; t < (size_t)R * n; t++) spins[t] = uniform01() < 0.5 ? -1 : 1;
  float *J = NULL;
  double *phi = NULL;
  int8_t *xiT = NULL;
  int32_t *M = NULL;
  if (!pattern) {
    J = malloc(sizeof(float) * (size_t)n * n);
    for (int i = 0; i < n; i++) {
      J[(size_t)i * n + i] = 0;
      for (int j = i + 1; j < n; j++) J[(size_t)i * n + j] = J[(size_t)j * n + i] = (float)(gauss() / sqrt(n));
    }
    phi = malloc(sizeof(double) * (size_t)R * n);
    for (int r = 0; r < R; r++)
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) s += J[(size_t)i * n + j] * spins[(size_t)r * n + j];
        phi[(size_t)r * n + i] = s;
      }
  } else {
    xiT = malloc((size_t)n * k);
    for (size_t t = 0; t < (size_t)n * k; t++) xiT[t] = uniform01() < 0.5 ? -1 : 1;
    M = calloc((size_t)R * k, sizeof(int32_t));
    for (int r = 0; r < R; r++)
      for (int mu = 0; mu < k; mu++)
        for (int j = 0; j < n; j++) M[(size_t)r * k + mu] += xiT[(size_t)j * k + mu] * spins[(size_t)r * n + j];
  }
  uint32_t words[4], ctr[4];
  long sweeps = 0;
  double start = now(), elapsed = 0;
  while (elapsed < minSeconds || sweeps < 2) {
    for (int r = 0; r < R; r++) {
      int8_t *s = spins + (size_t)r * n;
      for (int i = 0; i < n; i++) {
        if (!zero && (i & 3) == 0) {
          ctr[0] = (uint32_t)(i >> 2); ctr[1] = (uint32_t)sweeps; ctr[2] = (uint32_t)r; ctr[3] = 0;
          philox(ctr, 1, 0, words);
        }
        const double u = zero ? 0 : (words[i & 3] >> 8) * (1.0 / 16777216.0);
        double f;
        if (!pattern) f = phi[(size_t)r * n + i];
        else {
          int32_t a = -k * s[i];
          const int8_t *x = xiT + (size_t)i * k;
          const int32_t *m = M + (size_t)r * k;
          for (int mu = 0; mu < k; mu++) a += x[mu] * m[mu];
          f = (double)a / n;
        }
        const int ns = zero ? (f > 0 ? 1 : f < 0 ? -1 : s[i]) : u < 0.5 * (1 + tanh(beta * f)) ? 1 : -1;
        if (ns != s[i]) {
          s[i] = (int8_t)ns;
          const double d = 2.0 * ns;
          if (!pattern) {
            double *p = phi + (size_t)r * n;
            const float *row = J + (size_t)i * n;
            for (int j = 0; j < n; j++) p[j] += d * row[j];
          } else {
            int32_t *m = M + (size_t)r * k;
            const int8_t *x = xiT + (size_t)i * k;
            for (int mu = 0; mu < k; mu++) m[mu] += 2 * ns * x[mu];
          }
        }
      }
    }
    sweeps++;
    elapsed = now() - start;
  }
  double e = 0;
  if (!pattern)
    for (int i = 0; i < n; i++) e -= 0.5 * spins[i] * phi[i];
  printf("{\"sweepsPerSecond\": %.6g, \"energyPerSpin\": %.6g, \"sweeps\": %ld}\n", sweeps / elapsed, e / n, sweeps);
  return 0;
}
