/**
 * The benchmark harness: median time per call over repeated batches, with a
 * warm-up, for synchronous CPU work and for queued GPU work (timed up to a
 * `sync()` that waits for the device).
 * @module
 */

/** A timing: median seconds per call and how many calls were timed. */
export interface Timing {
  readonly secondsPerCall: number;
  readonly calls: number;
}

/**
 * Times `call` (which may enqueue GPU work) followed by `sync` (which waits for it):
 * one warm-up batch, then batches sized to take ≳ 1/5 of `minSeconds`, until
 * `minSeconds` have passed and at least 3 batches ran. Returns the median batch time per call.
 */
export async function timeCalls(
  call: () => void,
  sync: () => Promise<void> | void,
  minSeconds: number,
): Promise<Timing> {
  call();
  await sync();
  let perBatch = 1;
  const samples: number[] = [];
  let calls = 0;
  const start = performance.now();
  while (samples.length < 3 || performance.now() - start < minSeconds * 1000) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) call();
    await sync();
    const dt = (performance.now() - t0) / 1000;
    calls += perBatch;
    if (dt < minSeconds / 5 && samples.length === 0 && perBatch < 1 << 20) {
      perBatch *= 2;
      continue;
    }
    samples.push(dt / perBatch);
    if (samples.length > 200) break;
  }
  samples.sort((a, b) => a - b);
  return { secondsPerCall: samples[Math.floor(samples.length / 2)] as number, calls };
}
