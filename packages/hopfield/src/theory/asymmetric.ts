/**
 * Fixed points of the random asymmetric network s_i ← sgn(D s_i + (1/√N) Σ_{j≠i} J_ij s_j):
 * exact counts by enumeration, the exact finite-N annealed mean, and its N → ∞ rate.
 * @module
 */
import { erf } from '@replica/spin-core/math';
import { checkInteger, checkNumber } from '@replica/webgpu-kernels';

/** Checks N ∈ [1, 24] and the N×N signs: ±1 off the diagonal, 0 on it. */
function checkSigns(signs: unknown, n: number): Int8Array {
  checkInteger(n, 'n', { min: 1, max: 24 });
  if (!(signs instanceof Int8Array)) throw new TypeError(`signs: expected an Int8Array of N×N = ${n * n} entries`);
  if (signs.length !== n * n) throw new RangeError(`signs: expected N×N = ${n * n} entries, got ${signs.length}`);
  return signs;
}

function checkSignValues(signs: Int8Array, n: number): void {
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = signs[i * n + j]!;
      if (i === j ? v !== 0 : v !== 1 && v !== -1)
        throw new RangeError(`signs[${i}][${j}]: expected ${i === j ? '0 (zero diagonal)' : '±1'}, got ${v}`);
    }
}

/**
 * The number of fixed points of one instance (N ≤ 24): configurations with
 * s_i(D s_i + h_i) > 0 for every i, i.e. s_i Σ_j J_ij s_j > −D√N (strict). Gray-code
 * enumeration with the integer sums S_i = Σ_j J_ij s_j updated in O(N) per state.
 * @param signs - J_ij ∈ {±1} (N×N, zero diagonal)
 * @throws RangeError when n is not an integer in [1, 24], signs not N×N ±1 with a zero diagonal, or
 *   selfCoupling not a finite number; TypeError when signs is not an Int8Array
 */
export function countFixedPoints(signs: Int8Array, n: number, selfCoupling: number): number {
  checkSigns(signs, n);
  checkNumber(selfCoupling, 'selfCoupling');
  checkSignValues(signs, n);
  const threshold = -selfCoupling * Math.sqrt(n);
  const s = new Int8Array(n).fill(1);
  const S = new Int32Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S[i] = S[i]! + signs[i * n + j]!;
  // number of currently unstable spins, so a state is a fixed point when it is 0
  let unstable = 0;
  const stable = (i: number) => s[i]! * S[i]! > threshold;
  for (let i = 0; i < n; i++) if (!stable(i)) unstable++;
  let count = unstable === 0 ? 1 : 0;
  for (let k = 1; k < 2 ** n; k++) {
    const f = 31 - Math.clz32(k & -k);
    // flipping s_f changes every S_i by −2 s_f J_if, and σ_f itself
    for (let i = 0; i < n; i++) {
      const was = stable(i);
      if (i !== f) S[i] = S[i]! - 2 * s[f]! * signs[i * n + f]!;
      if (i === f) continue;
      const now = stable(i);
      if (was !== now) unstable += was ? 1 : -1;
    }
    const wasF = stable(f);
    s[f] = -s[f]!;
    const nowF = stable(f);
    if (wasF !== nowF) unstable += wasF ? 1 : -1;
    if (unstable === 0) count++;
  }
  return count;
}

/**
 * The number of fixed points of one instance for several self-couplings at once (N ≤ 24).
 * A configuration is a fixed point for every D with D√N > g, g = max_i(−s_i S_i) (an
 * integer), so one Gray-code pass histograms g and every D is read off it.
 * @param signs - J_ij ∈ {±1} (N×N, zero diagonal)
 * @returns the count for each entry of `selfCouplings`
 * @throws RangeError when n is not an integer in [1, 24], signs not N×N ±1 with a zero diagonal, or
 *   an entry of selfCouplings not a finite number; TypeError when signs is not an Int8Array or
 *   selfCouplings not an array
 */
export function countFixedPointsByCoupling(signs: Int8Array, n: number, selfCouplings: readonly number[]): number[] {
  checkSigns(signs, n);
  if (!Array.isArray(selfCouplings)) throw new TypeError('selfCouplings: expected an array of numbers');
  for (const [t, D] of selfCouplings.entries()) checkNumber(D, `selfCouplings[${t}]`);
  checkSignValues(signs, n);
  const s = new Int8Array(n).fill(1);
  const S = new Int32Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S[i] = S[i]! + signs[i * n + j]!;
  // g ∈ [−(N − 1), N − 1]; hist[g + N − 1]
  const hist = new Float64Array(2 * n - 1);
  const record = () => {
    let g = -n;
    for (let i = 0; i < n; i++) {
      const v = -s[i]! * S[i]!;
      if (v > g) g = v;
    }
    hist[g + n - 1] = hist[g + n - 1]! + 1;
  };
  record();
  for (let k = 1; k < 2 ** n; k++) {
    const f = 31 - Math.clz32(k & -k);
    const d = 2 * s[f]!;
    for (let i = 0; i < n; i++) if (i !== f) S[i] = S[i]! - d * signs[i * n + f]!;
    s[f] = -s[f]!;
    record();
  }
  const root = Math.sqrt(n);
  return selfCouplings.map((D) => {
    let c = 0;
    for (let g = -(n - 1); g <= n - 1; g++) if (D * root > g) c += hist[g + n - 1]!;
    return c;
  });
}

/**
 * p = P(D + S/√N > 0) for S a sum of N − 1 independent ±1 (exact binomial sum): the
 * probability that one spin of a fixed configuration is stable.
 * @throws RangeError when n is not an integer ≥ 2 or selfCoupling is not a finite number
 */
export function stableSpinProbability(n: number, selfCoupling: number): number {
  checkInteger(n, 'n', { min: 2 });
  checkNumber(selfCoupling, 'selfCoupling');
  const m = n - 1;
  let logC = 0;
  let p = 0;
  for (let k = 0; k <= m; k++) {
    if (k > 0) logC += Math.log(m - k + 1) - Math.log(k);
    const S = 2 * k - m;
    if (selfCoupling + S / Math.sqrt(n) > 0) p += Math.exp(logC - m * Math.LN2);
  }
  return p;
}

/**
 * The exact finite-N annealed mean E[#fixed points] = (2p)^N: for a fixed configuration the
 * N stability events involve disjoint rows of J, so they are independent.
 * @throws RangeError when n is not an integer ≥ 2 or selfCoupling is not a finite number
 */
export function annealedFixedPoints(n: number, selfCoupling: number): number {
  return (2 * stableSpinProbability(n, selfCoupling)) ** n;
}

/**
 * (1/N) log E[#fixed points] = log(2p) at finite N, without forming (2p)^N (which overflows
 * for large N). It differs from {@link fixedPointRate} by O(1/√N): S/√N lives on a lattice
 * of spacing 2/√N.
 * @throws RangeError when n is not an integer ≥ 2 or selfCoupling is not a finite number
 */
export function annealedFixedPointRate(n: number, selfCoupling: number): number {
  return Math.log(2 * stableSpinProbability(n, selfCoupling));
}

/**
 * The N → ∞ rate (1/N) log E[#FP] → log(2Φ(D)) = log(1 + erf(D/√2)).
 * @throws RangeError when selfCoupling is not a finite number
 */
export function fixedPointRate(selfCoupling: number): number {
  checkNumber(selfCoupling, 'selfCoupling');
  return Math.log(1 + erf(selfCoupling / Math.SQRT2));
}
