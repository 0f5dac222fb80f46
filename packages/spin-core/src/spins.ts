/**
 * Spin configurations: R replicas of N Ising spins σ_i ∈ {−1, +1}, stored
 * row-major in an Int8Array (replica r, site i at r·N + i).
 * @module
 */
import { checkInteger, PhiloxRng } from '@replica/webgpu-kernels';

function checkInt8(spins: unknown, argName: string): Int8Array {
  if (!(spins instanceof Int8Array))
    throw new TypeError(`${argName}: expected an Int8Array of ±1, got ${spins === null ? 'null' : typeof spins}`);
  return spins;
}

/** Throws naming the first entry of spins[from, to) that is not ±1. */
function checkPlusMinusOne(spins: Int8Array, from: number, to: number, argName: string): void {
  for (let i = from; i < to; i++) {
    const s = spins[i]!;
    if (s !== 1 && s !== -1) throw new RangeError(`${argName}[${i}] = ${s}: spins must be −1 or +1`);
  }
}

/**
 * Checks that `spins` holds R×N values, each ±1.
 * @throws TypeError when not an Int8Array; RangeError naming the first bad entry or a length mismatch,
 *   or when `n` or `replicas` is not an integer ≥ 1
 */
export function checkSpins(spins: unknown, n: number, replicas = 1, argName = 'spins'): Int8Array {
  checkSize(n, 'n');
  checkSize(replicas, 'replicas');
  const s = checkInt8(spins, argName);
  if (s.length !== n * replicas) {
    throw new RangeError(`${argName}: expected ${replicas}×${n} = ${n * replicas} spins, got ${s.length}`);
  }
  checkPlusMinusOne(s, 0, s.length, argName);
  return s;
}

/**
 * @internal Checks `spins` as R ≥ 1 replicas of `n` spins (length a multiple of n), `replica` in
 * [0, R), and that the N spins of that replica are ±1 (an O(N) scan).
 * @returns the offset replica·n of the replica's spins
 * @throws TypeError when spins is not an Int8Array; RangeError naming the argument otherwise
 */
export function checkReplicaSpins(
  spins: unknown,
  n: number,
  replica: number,
  argName = 'spins',
  replicaName = 'replica',
): number {
  checkSize(n, 'n');
  const s = checkInt8(spins, argName);
  if (s.length === 0 || s.length % n !== 0)
    throw new RangeError(`${argName}: expected R×N entries (R ≥ 1 replicas of N = ${n}), got ${s.length}`);
  const r = checkInteger(replica, replicaName, { min: 0, max: s.length / n - 1 });
  checkPlusMinusOne(s, r * n, (r + 1) * n, argName);
  return r * n;
}

/**
 * Uniformly random ±1 spins for `replicas` replicas of `n` sites: spin k
 * (= r·N + i) is +1 when word k of PhiloxRng(seed, stream) has its top bit clear.
 * @throws RangeError when n or replicas is not an integer ≥ 1, or on a bad seed or stream
 */
export function randomSpins(n: number, replicas: number, seed: number | bigint, stream = 0): Int8Array {
  checkSize(n, 'n');
  checkSize(replicas, 'replicas');
  const rng = new PhiloxRng(seed, stream);
  const s = new Int8Array(n * replicas);
  for (let k = 0; k < s.length; k++) s[k] = rng.nextU32() >>> 31 ? -1 : 1;
  return s;
}

/**
 * All spins +1 (or −1 with `value = −1`).
 * @throws RangeError when n or replicas is not an integer ≥ 1, or value is not ±1
 */
export function uniformSpins(n: number, replicas = 1, value: 1 | -1 = 1): Int8Array {
  checkSize(n, 'n');
  checkSize(replicas, 'replicas');
  if (value !== 1 && value !== -1) throw new RangeError(`value: expected 1 or −1, got ${value}`);
  return new Int8Array(n * replicas).fill(value);
}

/**
 * Converts 0/1 bits to spins σ = 2s − 1.
 * @throws TypeError when bits is not array-like; RangeError naming the first entry that is not 0 or 1
 */
export function spinsFromBits(bits: ArrayLike<number>, argName = 'bits'): Int8Array {
  if (bits === null || typeof bits !== 'object' || typeof bits.length !== 'number')
    throw new TypeError(`${argName}: expected an array of 0/1 values, got ${bits === null ? 'null' : typeof bits}`);
  const s = new Int8Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    if (b !== 0 && b !== 1) throw new RangeError(`${argName}[${i}] = ${b}: expected 0 or 1`);
    s[i] = 2 * b - 1;
  }
  return s;
}

/**
 * m = (1/N) Σ_i σ_i of replica `replica` (the integer sum divided by N in f64).
 * @param spins - R×N ±1 spins (R = length / N)
 * @throws TypeError when spins is not an Int8Array; RangeError when n is not an integer ≥ 1, the
 *   length is not a multiple of n, replica is not an integer in [0, R), or a spin of the replica is not ±1
 */
export function magnetization(spins: Int8Array, n: number, replica = 0): number {
  const o = checkReplicaSpins(spins, n, replica);
  let m = 0;
  for (let i = 0; i < n; i++) m += spins[o + i]!;
  return m / n;
}

/**
 * The replica overlap q_ab = (1/N) Σ_i σ_i^a σ_i^b (the integer sum divided by N in f64).
 * @param spins - R×N ±1 spins (R = length / N)
 * @throws TypeError when spins is not an Int8Array; RangeError when n is not an integer ≥ 1, the
 *   length is not a multiple of n, a or b is not an integer in [0, R), or a spin of replica a or b is not ±1
 */
export function replicaOverlap(spins: Int8Array, n: number, a: number, b: number): number {
  const oa = checkReplicaSpins(spins, n, a, 'spins', 'a');
  const ob = checkReplicaSpins(spins, n, b, 'spins', 'b');
  let q = 0;
  for (let i = 0; i < n; i++) q += spins[oa + i]! * spins[ob + i]!;
  return q / n;
}

/** @internal positive safe integer check. */
export function checkSize(v: number, argName: string, min = 1): number {
  return checkInteger(v, argName, { min });
}
