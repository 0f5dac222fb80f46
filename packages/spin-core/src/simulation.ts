/**
 * Simulations: R replicas of an Ising model evolving under a dynamics rule on a
 * compute backend (CPU or WebGPU), with observables recorded per sweep.
 * @module
 */
import type { Backend } from '@replica/webgpu-kernels';
import { philoxKey } from '@replica/webgpu-kernels';
import type { IsingModel } from './couplings';
import { CpuEngine } from './cpu-engine';
import type { RunOptions, Trajectory } from './dynamics';
import { planRun } from './dynamics';
import { GpuEngine } from './gpu-engine';
import { checkSize, checkSpins, randomSpins, uniformSpins } from './spins';

/** Options of {@link createSimulation}. */
export interface SimulationOptions {
  /** Independent replicas evolved in parallel, default 1. */
  readonly replicas?: number;
  /** Seed of every random number (initial spins use stream 0x1217 of PhiloxRng(seed)). */
  readonly seed: number | bigint;
  /** `random` (default), `up`, `down`, or explicit R×N ±1 spins. */
  readonly initial?: 'random' | 'up' | 'down' | Int8Array;
  /**
   * The sweep counter t of the first sweep (default 0). A simulation that continues
   * another one with the same seed starts where it stopped, so it draws fresh random numbers.
   */
  readonly firstSweep?: number;
  /**
   * CPU backend: run the O(N)/O(K) inner loops in WebAssembly SIMD when the runtime
   * supports it (default true). Results are identical either way; false forces plain JS.
   */
  readonly simd?: boolean;
}

/** A running simulation. Every method throws after {@link Simulation.dispose}. */
export interface Simulation {
  readonly backend: Backend;
  readonly model: IsingModel;
  readonly replicas: number;
  /** Where the sweeps run: `cpu-simd` (WebAssembly SIMD inner loops), `cpu-js` or `webgpu`. */
  readonly engine: 'cpu-simd' | 'cpu-js' | 'webgpu';
  /** Sweeps run so far (the global sweep counter t of the random numbers). */
  readonly sweepsDone: number;
  /** Runs `options.sweeps` sweeps and returns the recorded observables. */
  run(options: RunOptions): Promise<Trajectory>;
  /** The spins, R×N. */
  spins(): Promise<Int8Array>;
  /** Replaces the spins (R×N ±1); fields are recomputed. */
  setSpins(spins: Int8Array): void;
  /** The local fields φ the engine maintains (R×N, as f64): for checks. */
  fields(): Promise<Float64Array>;
  /** Releases the engine's buffers; every method throws afterwards. */
  dispose(): void;
}

const INIT_STREAM = 0x1217;

/**
 * Creates a simulation of `model` on `backend`.
 * @example
 * ```ts
 * const sim = await createSimulation(await createBackend(), isingModel(curieWeiss(2000)), { replicas: 4, seed: 7 });
 * const traj = await sim.run({ dynamics: 'glauber', beta: 1.5, sweeps: 200 });
 * ```
 */
export async function createSimulation(
  backend: Backend,
  model: IsingModel,
  options: SimulationOptions,
): Promise<Simulation> {
  if (!options || options.seed === undefined) throw new RangeError('seed: required');
  const key = philoxKey(options.seed);
  const replicas = checkSize(options.replicas ?? 1, 'replicas');
  const n = model.n;
  const init = options.initial ?? 'random';
  let spins: Int8Array;
  if (init instanceof Int8Array) spins = checkSpins(init, n, replicas, 'initial').slice();
  else if (init === 'random') spins = randomSpins(n, replicas, options.seed, INIT_STREAM);
  else if (init === 'up' || init === 'down') spins = uniformSpins(n, replicas, init === 'up' ? 1 : -1);
  else throw new RangeError(`initial: expected 'random', 'up', 'down' or an Int8Array, got ${JSON.stringify(init)}`);
  if (backend.kind === 'webgpu' && replicas > backend.limits.maxComputeWorkgroupsPerDimension) {
    throw new RangeError(
      `replicas: at most ${backend.limits.maxComputeWorkgroupsPerDimension} on this device, got ${replicas}`,
    );
  }
  const firstSweep = options.firstSweep ?? 0;
  if (!Number.isInteger(firstSweep) || firstSweep < 0 || firstSweep > 0xffffffff) {
    throw new RangeError(`firstSweep: expected an integer in [0, 2^32), got ${firstSweep}`);
  }
  const engine =
    backend.kind === 'cpu'
      ? new CpuEngine(model, replicas, options.seed, spins, options.simd ?? true)
      : new GpuEngine(backend, model, replicas, key, spins);
  engine.sweepsDone = firstSweep;
  let disposed = false;
  const live = () => {
    if (disposed) throw new Error('simulation: used after dispose()');
  };
  return {
    backend,
    model,
    replicas,
    engine: engine instanceof CpuEngine ? (engine.usesSimd ? 'cpu-simd' : 'cpu-js') : 'webgpu',
    get sweepsDone() {
      return engine.sweepsDone;
    },
    async run(runOptions) {
      live();
      const plan = planRun(runOptions, n);
      if (engine.sweepsDone + plan.betas.length > 0xffffffff)
        throw new RangeError('sweeps: the sweep counter would pass 2^32');
      return engine instanceof CpuEngine ? engine.run(plan) : engine.run(plan);
    },
    async spins() {
      live();
      return engine instanceof CpuEngine ? engine.spins.slice() : engine.spins();
    },
    setSpins(s) {
      live();
      engine.setSpins(checkSpins(s, n, replicas, 'spins'));
    },
    async fields() {
      live();
      return engine instanceof CpuEngine ? engine.currentFields() : engine.fields();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (engine instanceof GpuEngine) engine.dispose();
    },
  };
}
