/**
 * The standard models, all seeded: Curie–Weiss, Sherrington–Kirkpatrick,
 * periodic nearest-neighbour lattices, random regular and Erdős–Rényi graphs.
 * @module
 */
import { checkNumber, PhiloxRng } from '@replica/webgpu-kernels';
import type { DenseCouplings, PatternCouplings, SparseCouplings } from './couplings';
import { patternCouplings, sparseCouplings } from './couplings';
import { checkSize } from './spins';

const checkFiniteNumber = (v: number, argName: string): number => checkNumber(v, argName);

/**
 * Curie–Weiss couplings J_ij = J/N for all i ≠ j, stored in pattern form (one all-ones pattern, scale J):
 * fields are exact and a flip costs O(1).
 * @param options.J - default 1
 * @see P. Weiss (1907); the mean-field ferromagnet of every statistical-mechanics course.
 */
export function curieWeiss(n: number, options: { J?: number } = {}): PatternCouplings {
  checkSize(n, 'n', 2);
  return patternCouplings(new Int8Array(n).fill(1), 1, n, { scale: checkFiniteNumber(options.J ?? 1, 'J') });
}

/**
 * Sherrington–Kirkpatrick couplings J_ij = J_ji ~ N(J0/N, J²/N) for i < j, zero diagonal, dense.
 * Entries come from PhiloxRng(seed) in the order (0,1), (0,2), …, (1,2), …
 * @param options.J - standard-deviation scale, default 1; options.J0 - mean scale, default 0
 * @see D. Sherrington, S. Kirkpatrick, "Solvable model of a spin-glass", PRL 35 (1975).
 */
export function sherringtonKirkpatrick(
  n: number,
  options: { seed: number | bigint; J?: number; J0?: number },
): DenseCouplings {
  checkSize(n, 'n', 2);
  const J = checkFiniteNumber(options.J ?? 1, 'J');
  const J0 = checkFiniteNumber(options.J0 ?? 0, 'J0');
  if (options.seed === undefined) throw new RangeError('seed: required');
  const rng = new PhiloxRng(options.seed);
  const values = new Float32Array(n * n);
  const sd = J / Math.sqrt(n);
  const mean = J0 / n;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = mean + sd * rng.nextNormal();
      values[i * n + j] = v;
      values[j * n + i] = values[i * n + j]!;
    }
  return { kind: 'dense', n, values, diagonal: null, symmetric: true };
}

/** How bond strengths are drawn on a graph. */
export type BondDistribution = 'ferromagnetic' | 'plus-minus' | 'gaussian';

function bondValue(kind: BondDistribution, J: number, rng: PhiloxRng): number {
  if (kind === 'ferromagnetic') return J;
  if (kind === 'plus-minus') return rng.nextU32() >>> 31 ? -J : J;
  return J * rng.nextNormal();
}

function checkBonds(kind: unknown): BondDistribution {
  if (kind === 'ferromagnetic' || kind === 'plus-minus' || kind === 'gaussian') return kind;
  throw new RangeError(`bonds: expected 'ferromagnetic', 'plus-minus' or 'gaussian', got ${JSON.stringify(kind)}`);
}

/**
 * Periodic nearest-neighbour lattice in 1, 2 or 3 dimensions (site index row-major
 * over `shape`), each bond J (ferromagnetic), ±J or J·N(0, 1), symmetric, sparse.
 * @param shape - side lengths, each ≥ 3 (smaller periodic sides would double bonds)
 * @param options.seed - needed for random bonds
 */
export function periodicLattice(
  shape: readonly number[],
  options: { J?: number; bonds?: BondDistribution; seed?: number | bigint } = {},
): SparseCouplings {
  if (!Array.isArray(shape) || shape.length < 1 || shape.length > 3) {
    throw new RangeError(`shape: expected 1 to 3 side lengths, got ${JSON.stringify(shape)}`);
  }
  for (const [d, L] of shape.entries()) checkSize(L, `shape[${d}]`, 3);
  const J = checkFiniteNumber(options.J ?? 1, 'J');
  const bonds = checkBonds(options.bonds ?? 'ferromagnetic');
  if (bonds !== 'ferromagnetic' && options.seed === undefined)
    throw new RangeError(`seed: required for ${bonds} bonds`);
  const rng = new PhiloxRng(options.seed ?? 0);
  const n = shape.reduce((a, b) => a * b, 1);
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const entries: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (const [d, L] of shape.entries()) {
      const stride = strides[d]!;
      const coord = Math.floor(i / stride) % L;
      const j = i + (coord === L - 1 ? -(L - 1) * stride : stride);
      entries.push([i, j, bondValue(bonds, J, rng)]);
    }
  }
  return sparseCouplings(n, entries, { symmetrize: true });
}

/**
 * A random d-regular graph on n vertices (configuration model, rejecting
 * self-loops and multi-edges and drawing again), with bonds as for {@link periodicLattice}.
 * @throws RangeError when n·d is odd or d ≥ n; Error if 1000 draws all fail (very dense graphs)
 */
export function randomRegularGraph(
  n: number,
  degree: number,
  options: { seed: number | bigint; J?: number; bonds?: BondDistribution },
): SparseCouplings {
  checkSize(n, 'n', 2);
  checkSize(degree, 'degree');
  if (degree >= n) throw new RangeError(`degree: must be below n = ${n}, got ${degree}`);
  if ((n * degree) % 2 !== 0) throw new RangeError(`n·degree must be even, got ${n}·${degree}`);
  const J = checkFiniteNumber(options.J ?? 1, 'J');
  const bonds = checkBonds(options.bonds ?? 'ferromagnetic');
  const rng = new PhiloxRng(options.seed);
  const stubs = new Int32Array(n * degree);
  for (let attempt = 0; attempt < 1000; attempt++) {
    for (let t = 0; t < stubs.length; t++) stubs[t] = Math.floor(t / degree);
    for (let t = stubs.length - 1; t > 0; t--) {
      const u = rng.nextInt(t + 1);
      const tmp = stubs[t]!;
      stubs[t] = stubs[u]!;
      stubs[u] = tmp;
    }
    const seen = new Set<number>();
    let ok = true;
    for (let t = 0; t < stubs.length && ok; t += 2) {
      const a = stubs[t]!;
      const b = stubs[t + 1]!;
      const key = Math.min(a, b) * n + Math.max(a, b);
      if (a === b || seen.has(key)) ok = false;
      seen.add(key);
    }
    if (!ok) continue;
    const entries: [number, number, number][] = [];
    for (let t = 0; t < stubs.length; t += 2) entries.push([stubs[t]!, stubs[t + 1]!, bondValue(bonds, J, rng)]);
    return sparseCouplings(n, entries, { symmetrize: true });
  }
  throw new Error(`randomRegularGraph: no simple ${degree}-regular graph on ${n} vertices in 1000 draws`);
}

/**
 * An Erdős–Rényi graph G(n, p): each pair joined independently with probability
 * p = meanDegree/(n − 1) (or `p`), bonds as for {@link periodicLattice}.
 */
export function erdosRenyiGraph(
  n: number,
  options: { seed: number | bigint; meanDegree?: number; p?: number; J?: number; bonds?: BondDistribution },
): SparseCouplings {
  checkSize(n, 'n', 2);
  if ((options.p === undefined) === (options.meanDegree === undefined))
    throw new RangeError('give exactly one of p and meanDegree');
  const p = options.p ?? options.meanDegree! / (n - 1);
  checkNumber(p, 'p', { min: 0, max: 1 });
  const J = checkFiniteNumber(options.J ?? 1, 'J');
  const bonds = checkBonds(options.bonds ?? 'ferromagnetic');
  const rng = new PhiloxRng(options.seed);
  const entries: [number, number, number][] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) if (rng.nextDouble() < p) entries.push([i, j, bondValue(bonds, J, rng)]);
  return sparseCouplings(n, entries, { symmetrize: true });
}
