/**
 * Dispatch geometry: spreading a linear count of workgroups over the 3D grid
 * without exceeding `maxComputeWorkgroupsPerDimension`, and uniform packing.
 * @module
 */

/**
 * Splits `count` workgroups into a grid (x, y, z) with x·y·z ≥ count and every
 * extent ≤ `maxPerDimension`, wasting as few workgroups as possible. Kernels
 * recover the linear workgroup index with {@link LINEAR_WORKGROUP_WGSL} and
 * return early past `count`.
 *
 * @param count - workgroups needed (≥ 0)
 * @param maxPerDimension - the device's `maxComputeWorkgroupsPerDimension` (65535 by default)
 * @returns [x, y, z]; [0, 1, 1] for count = 0
 * @throws RangeError when count exceeds maxPerDimension³
 */
export function workgroupGrid(count: number, maxPerDimension: number): [number, number, number] {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count: expected a non-negative integer, got ${String(count)}`);
  }
  if (!Number.isSafeInteger(maxPerDimension) || maxPerDimension < 1) {
    throw new RangeError(`maxPerDimension: expected a positive integer, got ${String(maxPerDimension)}`);
  }
  if (count <= maxPerDimension) return [count, 1, 1];
  const plane = maxPerDimension * maxPerDimension;
  if (count <= plane) {
    const y = Math.ceil(count / maxPerDimension);
    return [Math.ceil(count / y), y, 1];
  }
  const z = Math.ceil(count / plane);
  if (z > maxPerDimension) {
    throw new RangeError(`count: ${count} workgroups exceed the device grid (${maxPerDimension}^3)`);
  }
  const perZ = Math.ceil(count / z);
  const y = Math.ceil(perZ / maxPerDimension);
  return [Math.ceil(perZ / y), y, z];
}

/**
 * WGSL snippet: `linear_workgroup(wid, nwg) = wid.x + nwg.x·(wid.y + nwg.y·wid.z)`,
 * the linear index of a workgroup dispatched over a {@link workgroupGrid}.
 */
export const LINEAR_WORKGROUP_WGSL = /* wgsl */ `
fn linear_workgroup(wid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return wid.x + nwg.x * (wid.y + nwg.y * wid.z);
}
`;

/** A scalar uniform field: its WGSL type and value. */
export type UniformField = readonly ['u32' | 'i32' | 'f32', number];

/**
 * Packs scalar fields, in order, into the bytes of a WGSL uniform struct whose
 * members are all 4-byte scalars (`struct P { a: u32, b: f32, ... }`), padded
 * to 16 bytes.
 * @throws RangeError when a value does not fit its type (non-integer or out-of-range u32/i32)
 */
export function packUniforms(fields: readonly UniformField[]): Uint8Array {
  const bytes = new Uint8Array(Math.max(16, Math.ceil((fields.length * 4) / 16) * 16));
  const view = new DataView(bytes.buffer);
  fields.forEach(([type, value], k) => {
    if (type === 'f32') {
      view.setFloat32(k * 4, value, true);
      return;
    }
    const lo = type === 'u32' ? 0 : -0x80000000;
    const hi = type === 'u32' ? 0xffffffff : 0x7fffffff;
    if (!Number.isInteger(value) || value < lo || value > hi) {
      throw new RangeError(`uniform field ${k}: ${String(value)} does not fit ${type}`);
    }
    if (type === 'u32') view.setUint32(k * 4, value, true);
    else view.setInt32(k * 4, value, true);
  });
  return bytes;
}
