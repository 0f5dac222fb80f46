/*
 * The C peer of `replica-lab bench --suite entropic`: replicated simulated annealing on a
 * random binary perceptron, the same algorithm and the same Philox4x32-10 streams as
 * @replica/entropic-optim's `randomBinaryPerceptron` and `replicatedAnnealing`, so both sides
 * draw the same instance, make the same moves and end in the same state:
 *   instance: Philox(seed = instanceSeed, stream 0) words w, ξ_i^μ = ±1 by w & 1 (pattern-major),
 *             then σ_μ = ±1 the same way; c_iμ = σ_μ ξ_i^μ stored site-major;
 *   run: Philox(seed = runSeed, stream 0): y random starts, then per attempted flip a replica
 *        (nextInt(y), unless y = 1), a site (nextInt(N)) and u (53 bits), Metropolis on
 *        −βΔE + ln cosh(γS′_i) − ln cosh(γS_i), S_i = Σ_a W_i^a, ΔE from the stored stabilities
 *        in O(P); β_t = β₀(β₁/β₀)^{t/(T−1)}, γ_t = γ₀(1 + rate)^t; stop at the first solution.
 * Seeds are below 2^32 here (key word k1 = 0).
 *
 * Build: gcc -O3 -march=native -o rsa rsa.c -lm
 * Usage: rsa N P y beta0 beta1 gamma0 gammaRate sweeps instanceSeed runSeed
 * Prints one JSON line: {"flipsPerSecond": ..., "iterations": ..., "energy": ..., "solved": ..., "seconds": ...}.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
  uint32_t k0, k1, block, words[4];
  int next;
} rng_t;

static inline void mulhilo(uint32_t a, uint32_t b, uint32_t *hi, uint32_t *lo) {
  uint64_t p = (uint64_t)a * (uint64_t)b;
  *hi = (uint32_t)(p >> 32);
  *lo = (uint32_t)p;
}

static void philox(uint32_t c0, uint32_t c1, uint32_t k0, uint32_t k1, uint32_t out[4]) {
  uint32_t x0 = c0, x1 = c1, x2 = 0, x3 = 0;
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

static void rng_init(rng_t *g, uint32_t seed) {
  g->k0 = seed; g->k1 = 0; g->block = 0; g->next = 4;
}
static inline uint32_t next_u32(rng_t *g) {
  if (g->next == 4) {
    philox(g->block, 0, g->k0, g->k1, g->words);
    g->block++;
    g->next = 0;
  }
  return g->words[g->next++];
}
static inline uint32_t next_int(rng_t *g, uint32_t n) {
  const uint64_t limit = 4294967296ULL - (4294967296ULL % n);
  for (;;) {
    const uint32_t u = next_u32(g);
    if (u < limit) return u % n;
  }
}
static inline double next_double(rng_t *g) {
  const uint32_t hi = next_u32(g) >> 5, lo = next_u32(g) >> 6;
  return ((double)hi * 67108864.0 + lo) / 9007199254740992.0;
}
static inline double log_cosh2(double x) {
  const double a = fabs(x);
  return a + log1p(exp(-2 * a));
}
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 11) {
    fprintf(stderr, "usage: rsa N P y beta0 beta1 gamma0 gammaRate sweeps instanceSeed runSeed\n");
    return 2;
  }
  const int n = atoi(argv[1]), p = atoi(argv[2]), y = atoi(argv[3]);
  const double b0 = atof(argv[4]), b1 = atof(argv[5]), g0 = atof(argv[6]), rate = atof(argv[7]);
  const long T = atol(argv[8]);
  const uint32_t instanceSeed = (uint32_t)strtoul(argv[9], 0, 10), runSeed = (uint32_t)strtoul(argv[10], 0, 10);
  if (n < 1 || p < 0 || y < 1 || T < 1) {
    fprintf(stderr, "rsa: bad arguments\n");
    return 2;
  }
  int8_t *xi = malloc((size_t)p * n), *c = malloc((size_t)n * p), *sigma = malloc(p > 0 ? p : 1);
  int8_t *w = malloc((size_t)y * n);
  int32_t *h = malloc(sizeof(int32_t) * (size_t)y * (p > 0 ? p : 1)), *S = calloc(n, sizeof(int32_t));
  long *e = calloc(y, sizeof(long));
  rng_t g;
  rng_init(&g, instanceSeed);
  for (long k = 0; k < (long)p * n; k++) xi[k] = next_u32(&g) & 1 ? 1 : -1;
  for (int mu = 0; mu < p; mu++) sigma[mu] = next_u32(&g) & 1 ? 1 : -1;
  for (int mu = 0; mu < p; mu++)
    for (int i = 0; i < n; i++) c[(size_t)i * p + mu] = (int8_t)(sigma[mu] * xi[(size_t)mu * n + i]);
  const double t0 = now();
  rng_init(&g, runSeed);
  int found = -1;
  for (int a = 0; a < y; a++) {
    int8_t *wa = w + (size_t)a * n;
    int32_t *ha = h + (size_t)a * p;
    for (int i = 0; i < n; i++) wa[i] = next_u32(&g) & 1 ? 1 : -1;
    for (int mu = 0; mu < p; mu++) ha[mu] = 0;
    for (int i = 0; i < n; i++) {
      const int8_t *row = c + (size_t)i * p;
      for (int mu = 0; mu < p; mu++) ha[mu] += row[mu] * wa[i];
    }
    for (int mu = 0; mu < p; mu++) e[a] += ha[mu] < 0;
    for (int i = 0; i < n; i++) S[i] += wa[i];
    if (e[a] == 0 && found < 0) found = a;
  }
  long it = 0;
  for (long t = 0; t < T && found < 0; t++) {
    const double beta = T == 1 ? b1 : b0 * pow(b1 / b0, (double)t / (double)(T - 1));
    const double gamma = g0 * pow(1 + rate, (double)t);
    for (long k = 0; k < (long)y * n && found < 0; k++) {
      const int a = y == 1 ? 0 : (int)next_int(&g, (uint32_t)y);
      const int i = (int)next_int(&g, (uint32_t)n);
      const double u = next_double(&g);
      it++;
      int8_t *wa = w + (size_t)a * n;
      int32_t *ha = h + (size_t)a * p;
      const int8_t *row = c + (size_t)i * p;
      const int32_t two = 2 * wa[i];
      int d = 0;
      for (int mu = 0; mu < p; mu++) {
        const int32_t old = ha[mu], nu = old - two * row[mu];
        d += (nu < 0) - (old < 0);
      }
      const int32_t si = S[i], sNew = si - two;
      const double logRatio = -beta * d + (y == 1 ? 0 : log_cosh2(gamma * sNew) - log_cosh2(gamma * si));
      if (logRatio >= 0 || u < exp(logRatio)) {
        for (int mu = 0; mu < p; mu++) ha[mu] -= two * row[mu];
        wa[i] = (int8_t)-wa[i];
        S[i] = sNew;
        e[a] += d;
        if (e[a] == 0) found = a;
      }
    }
  }
  const double seconds = now() - t0;
  long best = e[0];
  for (int a = 1; a < y; a++)
    if (e[a] < best) best = e[a];
  printf("{\"flipsPerSecond\": %.6g, \"iterations\": %ld, \"energy\": %ld, \"solved\": %s, \"seconds\": %.6g}\n",
         it / seconds, it, found >= 0 ? 0 : best, found >= 0 ? "true" : "false", seconds);
  return 0;
}
