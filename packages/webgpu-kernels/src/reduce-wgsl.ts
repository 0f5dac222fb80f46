/**
 * WGSL for 256-wide workgroup tree reductions (internal): row reductions,
 * softmax and gemv use one workgroup per row.
 * @module
 */

/** Invocations per workgroup of the row kernels. */
export const ROW_WORKGROUP = 256;

/**
 * `wg_sum(lid, v)` and `wg_max(lid, v)`: the sum / max of v over the workgroup,
 * returned to every invocation as a uniform value (through workgroupUniformLoad,
 * so callers may branch on it before further barriers). Must be called from
 * uniform control flow, from a workgroup of exactly ROW_WORKGROUP invocations
 * (`lid` = local_invocation_index); needs FLOAT_BITS_WGSL in the same module.
 * `wg_max` propagates NaN (WGSL's max() leaves NaN implementation-defined).
 */
export const WORKGROUP_REDUCE_WGSL = /* wgsl */ `
var<workgroup> wg_scratch: array<f32, ${ROW_WORKGROUP}>;

fn nan_max(a: f32, b: f32) -> f32 {
  if (f32_is_nan(a)) { return a; }
  if (f32_is_nan(b)) { return b; }
  return max(a, b);
}

fn wg_sum(lid: u32, v: f32) -> f32 {
  wg_scratch[lid] = v;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { wg_scratch[lid] = wg_scratch[lid] + wg_scratch[lid + s]; }
    workgroupBarrier();
  }
  return workgroupUniformLoad(&wg_scratch[0]);
}

fn wg_max(lid: u32, v: f32) -> f32 {
  wg_scratch[lid] = v;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { wg_scratch[lid] = nan_max(wg_scratch[lid], wg_scratch[lid + s]); }
    workgroupBarrier();
  }
  return workgroupUniformLoad(&wg_scratch[0]);
}
`;
