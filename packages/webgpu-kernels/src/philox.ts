/**
 * Philox4x32-10, the counter-based generator of Salmon et al. (2011), in
 * TypeScript and as a WGSL snippet that yields the same u32 words.
 *
 * A block is `philox4x32_10(counter, key)`: 4 counter words and 2 key words in,
 * 4 independent-looking u32 words out. Because the output is a pure function of
 * (counter, key), a result does not depend on batch size, dispatch shape or
 * backend: the key is the seed and the counter says *which* random numbers
 * (stream, replica, sweep, site, ...) are drawn.
 *
 * @see J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11 (2011).
 * @module
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** 2^-24: one unit of the 24-bit uniform grid. */
const TWO_POW_M24 = 1 / 16777216;

/** High 32 bits of the 64-bit product a·b of two u32, exactly, in doubles. */
function mulhi(a: number, b: number): number {
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const pl = a * bl; // < 2^48, exact
  const ph = a * bh; // < 2^48, exact
  return Math.floor((ph + Math.floor(pl / 65536)) / 65536) >>> 0;
}

/**
 * One Philox4x32-10 block: writes the 4 output words of counter (c0, c1, c2, c3)
 * under key (k0, k1) into `out[offset..offset+3]`. Allocates nothing.
 *
 * Round: (c0, c1, c2, c3) ← (hi(M1·c2) ⊕ c1 ⊕ k0, lo(M1·c2), hi(M0·c0) ⊕ c3 ⊕ k1, lo(M0·c0)),
 * key bumped by the Weyl constants (0x9E3779B9, 0xBB67AE85) between rounds.
 *
 * @param out - receives 4 words
 * @param offset - first index written (default 0)
 * @see Salmon et al., SC'11; known-answer vectors in Random123's `tests/kat_vectors`.
 */
export function philox4x32_10(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  offset = 0,
): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let a = k0 >>> 0;
  let b = k1 >>> 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      a = (a + W0) >>> 0;
      b = (b + W1) >>> 0;
    }
    const hi0 = mulhi(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ a) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ b) >>> 0;
    x3 = lo0;
  }
  out[offset] = x0;
  out[offset + 1] = x1;
  out[offset + 2] = x2;
  out[offset + 3] = x3;
}

/**
 * Maps a u32 word to an index in {0, …, n−1} by multiply-high, ⌊w·n / 2^32⌋
 * (exact; bias at most n/2^32 per value). The WGSL twin is `philox_index`.
 * @param n - 1 ≤ n ≤ 2^32
 */
export function philoxIndex(w: number, n: number): number {
  return mulhi(w >>> 0, n >>> 0);
}

/**
 * Maps a u32 word to a uniform float on the 24-bit grid, u = ⌊x / 2^8⌋ · 2^-24 ∈ [0, 1).
 * Exactly representable in f32, so CPU and GPU thresholds agree bit for bit;
 * never x / 2^32, which rounds to 1 in f32.
 */
export function uniformFromU32(x: number): number {
  return (x >>> 8) * TWO_POW_M24;
}

/** A Philox key: the two 32-bit words of a seed. */
export type PhiloxKey = readonly [number, number];

/**
 * Splits a seed into the Philox key (k0, k1) = (low 32 bits, high 32 bits).
 * @param seed - a non-negative safe integer (< 2^53) or a bigint in [0, 2^64)
 * @param argName - named in the error
 * @throws RangeError for negative, fractional, NaN or too-large seeds
 */
export function philoxKey(seed: number | bigint, argName = 'seed'): PhiloxKey {
  if (typeof seed === 'bigint') {
    if (seed < 0n || seed >= 1n << 64n) {
      throw new RangeError(`${argName}: expected a bigint in [0, 2^64), got ${seed}`);
    }
    return [Number(seed & 0xffffffffn), Number(seed >> 32n)];
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`${argName}: expected a non-negative integer below 2^53, got ${String(seed)}`);
  }
  return [seed % 4294967296, Math.floor(seed / 4294967296)];
}

const MASK64 = (1n << 64n) - 1n;

/** SplitMix64's finalizer: a bijective mix of 64 bits. */
function mix64(x: bigint): bigint {
  let z = x & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * The seed of one part of a computation (a trial, a load, a probe), derived from a base
 * seed and the part's indices: h₀ = mix(seed), h ← mix(h ⊕ mix(part + γ)) for each part,
 * with SplitMix64's finalizer `mix` and γ = 0x9E3779B97F4A7C15. Distinct index lists give
 * unrelated Philox keys, so parts draw independent streams, and adding parts (a new load,
 * more trials) never changes the seeds of existing ones. The one derivation scheme of the
 * Replica packages and labs.
 * @param seed - the base seed: a non-negative safe integer or a bigint in [0, 2^64)
 * @param parts - the part's indices (non-negative safe integers)
 * @returns a 64-bit seed for {@link philoxKey}
 * @throws RangeError naming the bad seed or part
 * @see S. Vigna, "Further scramblings of Marsaglia's xorshift generators" (SplitMix64 finalizer), J. Comput. Appl. Math. 315 (2017).
 */
export function deriveSeed(seed: number | bigint, ...parts: readonly number[]): bigint {
  philoxKey(seed);
  let h = mix64(BigInt(seed));
  for (const [i, p] of parts.entries()) {
    if (!Number.isSafeInteger(p) || p < 0)
      throw new RangeError(`parts[${i}]: expected a non-negative integer below 2^53, got ${String(p)}`);
    h = mix64(h ^ mix64(BigInt(p) + 0x9e3779b97f4a7c15n));
  }
  return h;
}

/**
 * The three user counter words (c1, c2, c3) of a generic sampling kernel; the
 * kernels put the block index in c0.
 * @throws RangeError when a word is not a u32
 */
export function checkCounter(counter: readonly number[] | undefined, argName = 'counter'): [number, number, number] {
  if (counter === undefined) return [0, 0, 0];
  if (!Array.isArray(counter) || counter.length > 3) {
    throw new RangeError(`${argName}: expected up to 3 unsigned 32-bit integers, got ${JSON.stringify(counter)}`);
  }
  const out: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < counter.length; k++) {
    const c = counter[k] as number;
    if (!Number.isInteger(c) || c < 0 || c > 0xffffffff) {
      throw new RangeError(`${argName}[${k}]: expected an unsigned 32-bit integer, got ${String(c)}`);
    }
    out[k] = c;
  }
  return out;
}

/**
 * The u32 stream of the generic sampling kernels: word i is word (i mod 4) of
 * block philox4x32_10((⌊i/4⌋, c1, c2, c3), key). Fills `out` from stream
 * position 0.
 *
 * @param out - receives `out.length` words
 * @param seed - the key (see {@link philoxKey})
 * @param counter - (c1, c2, c3), default (0, 0, 0)
 */
export function philoxStream(out: Uint32Array, seed: number | bigint, counter?: readonly number[]): Uint32Array {
  const [k0, k1] = philoxKey(seed);
  const [c1, c2, c3] = checkCounter(counter);
  const n = out.length;
  const full = n & ~3;
  for (let i = 0; i < full; i += 4) philox4x32_10(i >>> 2, c1, c2, c3, k0, k1, out, i);
  if (full < n) {
    const tail = new Uint32Array(4);
    philox4x32_10(full >>> 2, c1, c2, c3, k0, k1, tail, 0);
    for (let i = full; i < n; i++) out[i] = tail[i - full] as number;
  }
  return out;
}

/**
 * A sequential random source for CPU code: the Philox stream with key = seed
 * and counter (block, stream, 0, 0), consumed word by word.
 *
 * Every stochastic function of the Replica packages takes a seed or one of these.
 */
export class PhiloxRng {
  private readonly k0: number;
  private readonly k1: number;
  /** The stream word c1 of every counter this generator uses. */
  readonly stream: number;
  private block = 0;
  private readonly words = new Uint32Array(4);
  private next = 4;
  private spareNormal = Number.NaN;

  /**
   * @param seed - key (see {@link philoxKey})
   * @param stream - an independent stream under the same seed (u32, default 0)
   */
  constructor(seed: number | bigint, stream = 0) {
    [this.k0, this.k1] = philoxKey(seed);
    if (!Number.isInteger(stream) || stream < 0 || stream > 0xffffffff) {
      throw new RangeError(`stream: expected an unsigned 32-bit integer, got ${String(stream)}`);
    }
    this.stream = stream;
  }

  /** The next u32 word of the stream. */
  nextU32(): number {
    if (this.next === 4) {
      philox4x32_10(this.block, this.stream, 0, 0, this.k0, this.k1, this.words, 0);
      this.block = (this.block + 1) >>> 0;
      this.next = 0;
    }
    return this.words[this.next++] as number;
  }

  /** A uniform float u ∈ [0, 1) on the 24-bit grid (see {@link uniformFromU32}). */
  nextFloat(): number {
    return uniformFromU32(this.nextU32());
  }

  /** A uniform double in [0, 1) with 53 random bits (two words). */
  nextDouble(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in {0, …, n−1}, unbiased (rejection on the top partial range). */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) {
      throw new RangeError(`n: expected an integer in [1, 2^32], got ${String(n)}`);
    }
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const u = this.nextU32();
      if (u < limit) return u % n;
    }
  }

  /** A standard normal variate (Box–Muller on two 53-bit uniforms; pairs are cached). */
  nextNormal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = Number.NaN;
      return z;
    }
    const u1 = 1 - this.nextDouble(); // (0, 1]
    const u2 = this.nextDouble();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }
}

/**
 * WGSL snippet: `philox4x32_10(ctr: vec4<u32>, key: vec2<u32>) -> vec4<u32>`,
 * `philox_uniform(x: u32) -> f32` (⌊x/2^8⌋·2^-24), `philox_index(w, n)` (⌊w·n/2^32⌋) and
 * `philox_cos_sin_2pi(x: u32) -> vec2<f32>` ((cos 2πu, sin 2πu) of that uniform, accurate on any GPU).
 * Include it in a kernel's source; it gives the same words as {@link philox4x32_10}.
 */
export const PHILOX_WGSL = /* wgsl */ `
fn philox_mulhilo(a: u32, b: u32) -> vec2<u32> {
  let a_lo = a & 0xffffu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xffffu;
  let b_hi = b >> 16u;
  let ll = a_lo * b_lo;
  let lh = a_lo * b_hi;
  let hl = a_hi * b_lo;
  let hh = a_hi * b_hi;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  let hi = hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
  return vec2<u32>(hi, a * b);
}

fn philox4x32_10(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var x = counter;
  var k = key;
  for (var r = 0u; r < 10u; r = r + 1u) {
    if (r > 0u) {
      k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
    }
    let p0 = philox_mulhilo(0xd2511f53u, x.x);
    let p1 = philox_mulhilo(0xcd9e8d57u, x.z);
    x = vec4<u32>(p1.x ^ x.y ^ k.x, p1.y, p0.x ^ x.w ^ k.y, p0.y);
  }
  return x;
}

fn philox_uniform(x: u32) -> f32 {
  return f32(x >> 8u) * 5.9604644775390625e-8;
}

// ⌊w·n / 2^32⌋: an index in [0, n) from one word (same as philoxIndex in TypeScript).
fn philox_index(w: u32, n: u32) -> u32 {
  return philox_mulhilo(w, n).x;
}

// (cos 2πu, sin 2πu) for u = ⌊x/2^8⌋·2^-24, to a few f32 ulps on any GPU: the
// quadrant q = round(4u) and f = 4u − q ∈ [−½, ½] are exact, so only
// φ = (π/2)·f ∈ [−π/4, π/4] goes through short Taylor polynomials (WGSL's own
// sin/cos promise only 2^-11 absolute accuracy).
fn philox_cos_sin_2pi(x: u32) -> vec2<f32> {
  let k = x >> 8u;
  let q = (k + 0x200000u) >> 22u;
  let f = f32(i32(k) - i32(q << 22u)) * 2.384185791015625e-7;
  let phi = 1.5707963267948966 * f;
  let p2 = phi * phi;
  let s = phi * (1.0 + p2 * (-1.6666667e-1 + p2 * (8.3333333e-3 + p2 * (-1.9841270e-4 + p2 * 2.7557319e-6))));
  let c = 1.0 + p2 * (-0.5 + p2 * (4.1666667e-2 + p2 * (-1.3888889e-3 + p2 * (2.4801587e-5 - p2 * 2.7557319e-7))));
  switch (q & 3u) {
    case 0u: { return vec2<f32>(c, s); }
    case 1u: { return vec2<f32>(-s, c); }
    case 2u: { return vec2<f32>(-c, -s); }
    default: { return vec2<f32>(s, -c); }
  }
}
`;
