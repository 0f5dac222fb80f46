/**
 * Spin configurations: R replicas of N Ising spins σ_i ∈ {−1, +1}, stored
 * row-major in an Int8Array (replica r, site i at r·N + i).
 * @module
 */
import { checkInteger, PhiloxRng } from '@replica/webgpu-kernels';

/**
 * Checks that `spins` holds R×N values, each ±1.
 * @throws TypeError when not an Int8Array; RangeError naming the first bad entry or a length mismatch
 */
export function checkSpins(spins: unknown, n: number, replicas = 1, argName = 'spins'): Int8Array {
  if (!(spins instanceof Int8Array))
    throw new TypeError(`${argName}: expected an Int8Array of ±1, got ${typeof spins}`);
  if (spins.length !== n * replicas) {
    throw new RangeError(`${argName}: expected ${replicas}×${n} = ${n * replicas} spins, got ${spins.length}`);
  }
  for (let i = 0; i < spins.length; i++) {
    const s = spins[i]!;
    if (s !== 1 && s !== -1) throw new RangeError(`${argName}[${i}] = ${s}: spins must be −1 or +1`);
  }
  return spins;
}

/**
 * Uniformly random ±1 spins for `replicas` replicas of `n` sites: spin k
 * (= r·N + i) is +1 when word k of PhiloxRng(seed, stream) has its top bit clear.
 */
export function randomSpins(n: number, replicas: number, seed: number | bigint, stream = 0): Int8Array {
  checkSize(n, 'n');
  checkSize(replicas, 'replicas');
  const rng = new PhiloxRng(seed, stream);
  const s = new Int8Array(n * replicas);
  for (let k = 0; k < s.length; k++) s[k] = rng.nextU32() >>> 31 ? -1 : 1;
  return s;
}

/** All spins +1 (or −1 with `value = −1`). */
export function uniformSpins(n: number, replicas = 1, value: 1 | -1 = 1): Int8Array {
  checkSize(n, 'n');
  checkSize(replicas, 'replicas');
  if (value !== 1 && value !== -1) throw new RangeError(`value: expected 1 or −1, got ${value}`);
  return new Int8Array(n * replicas).fill(value);
}

/**
 * Converts 0/1 bits to spins σ = 2s − 1.
 * @throws RangeError naming the first entry that is not 0 or 1
 */
export function spinsFromBits(bits: ArrayLike<number>, argName = 'bits'): Int8Array {
  const s = new Int8Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    if (b !== 0 && b !== 1) throw new RangeError(`${argName}[${i}] = ${b}: expected 0 or 1`);
    s[i] = 2 * b - 1;
  }
  return s;
}

/** m = (1/N) Σ_i σ_i of replica r. */
export function magnetization(spins: Int8Array, n: number, replica = 0): number {
  let m = 0;
  const o = replica * n;
  for (let i = 0; i < n; i++) m += spins[o + i]!;
  return m / n;
}

/** The replica overlap q_ab = (1/N) Σ_i σ_i^a σ_i^b. */
export function replicaOverlap(spins: Int8Array, n: number, a: number, b: number): number {
  let q = 0;
  const oa = a * n;
  const ob = b * n;
  for (let i = 0; i < n; i++) q += spins[oa + i]! * spins[ob + i]!;
  return q / n;
}

/** @internal positive safe integer check. */
export function checkSize(v: number, argName: string, min = 1): number {
  return checkInteger(v, argName, { min });
}
