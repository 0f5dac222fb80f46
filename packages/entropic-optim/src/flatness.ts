/**
 * Flatness of a minimum of a network on `@replica/nn`: the local energy, the mean train loss
 * (or error) after random perturbations of the weights at strength σ (the thesis's ch. 4
 * definition: w_i → w_i(1 + σε_i), ε_i ~ N(0, 1), 20 draws per σ; or additive, w_i + σε_i),
 * swept over σ. Flat minima keep a low loss to larger σ.
 * @module
 */
import type { Parameter } from '@replica/nn';
import { copyKernel } from '@replica/nn';
import type { Tensor } from '@replica/webgpu-kernels';
import { checkInteger, checkNumber, checkOneOf, normal, runKernel } from '@replica/webgpu-kernels';
import { perturbKernel } from './kernels';

/** How the weights are perturbed. */
export const PERTURBATIONS = ['multiplicative', 'additive'] as const;

/** Options of {@link localEnergy}. */
export interface LocalEnergyOptions {
  /** The parameters to perturb (e.g. `model.parameters()`); restored at the end, bit for bit. */
  readonly params: readonly Parameter[];
  /** Evaluates the network at its current weights: named figures (e.g. train loss and error). */
  readonly evaluate: () => Promise<Readonly<Record<string, number>>>;
  /** σ values, each ≥ 0 (σ = 0 gives the unperturbed figures). */
  readonly sigmas: readonly number[];
  /** Draws per σ (default 20, the thesis's). */
  readonly draws?: number;
  /** Keys the noise: draw d at σ index s perturbs parameter k with Philox counter (s, d, k). */
  readonly seed: number | bigint;
  /** Default `multiplicative`. */
  readonly perturbation?: (typeof PERTURBATIONS)[number];
  /** Called after each draw with the fraction done. */
  readonly progress?: (fraction: number, message: string) => void;
}

/** One σ of a local-energy profile: each figure's mean and standard error over the draws. */
export interface LocalEnergyPoint {
  readonly sigma: number;
  readonly mean: Readonly<Record<string, number>>;
  readonly stderr: Readonly<Record<string, number>>;
}

/**
 * The local-energy profile (see the module docs): for each σ, `draws` perturbations of every
 * parameter, each evaluated; the mean and standard error of every figure `evaluate` returns.
 * The weights are restored afterwards (also when `evaluate` throws).
 * @returns one point per σ, in the order given
 * @throws RangeError on a negative or non-finite σ, or an `evaluate` that returns a non-finite figure
 * @see C. Baldassi, F. Pittorino, R. Zecchina, Shaping the learning landscape in neural networks around wide flat minima, PNAS 117, 161 (2020)
 */
export async function localEnergy(o: LocalEnergyOptions): Promise<LocalEnergyPoint[]> {
  const params = o.params;
  if (!Array.isArray(params) || params.length === 0)
    throw new RangeError('options.params: expected at least one parameter');
  if (!Array.isArray(o.sigmas) || o.sigmas.length === 0)
    throw new RangeError('options.sigmas: expected at least one σ');
  o.sigmas.forEach((s, i) => {
    checkNumber(s, `options.sigmas[${i}]`, { min: 0 });
  });
  const draws = checkInteger(o.draws ?? 20, 'options.draws', { min: 1 });
  const multiplicative =
    checkOneOf(o.perturbation ?? 'multiplicative', 'options.perturbation', PERTURBATIONS) === 'multiplicative';
  const backend = params[0]!.value.backend;
  const base = params.map((p) => {
    const t = backend.zeros(p.value.shape) as Tensor<'float32'>;
    runKernel(copyKernel, backend, { x: p.value, out: t });
    return t;
  });
  const noise = params.map((p) => backend.zeros(p.value.shape) as Tensor<'float32'>);
  const points: LocalEnergyPoint[] = [];
  try {
    for (const [si, sigma] of o.sigmas.entries()) {
      const values = new Map<string, number[]>();
      for (let d = 0; d < draws; d++) {
        params.forEach((p, k) => {
          normal(noise[k]!, { seed: o.seed, counter: [si, d, k] });
          runKernel(perturbKernel, backend, { base: base[k]!, noise: noise[k]!, sigma, multiplicative, out: p.value });
        });
        const figures = await o.evaluate();
        for (const [name, v] of Object.entries(figures)) {
          if (!Number.isFinite(v))
            throw new RangeError(`localEnergy: evaluate() returned ${name} = ${v} at σ = ${sigma} (draw ${d})`);
          const list = values.get(name) ?? [];
          list.push(v);
          values.set(name, list);
        }
        o.progress?.((si * draws + d + 1) / (o.sigmas.length * draws), `σ = ${sigma}, draw ${d + 1}/${draws}`);
      }
      const mean: Record<string, number> = {};
      const stderr: Record<string, number> = {};
      for (const [name, list] of values) {
        // two passes (no cancellation); draws that all agree give that value and an error of 0 exactly
        const same = list.every((x) => x === list[0]);
        const m = same ? list[0]! : list.reduce((a, x) => a + x, 0) / list.length;
        const ss = same ? 0 : list.reduce((a, x) => a + (x - m) ** 2, 0);
        mean[name] = m;
        stderr[name] = list.length > 1 ? Math.sqrt(ss / (list.length - 1) / list.length) : 0;
      }
      points.push({ sigma, mean, stderr });
    }
  } finally {
    params.forEach((p, k) => {
      runKernel(copyKernel, backend, { x: base[k]!, out: p.value });
    });
    for (const t of [...base, ...noise]) t.dispose();
  }
  return points;
}
