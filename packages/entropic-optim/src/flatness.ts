/**
 * Flatness of a minimum of a network on `@replica/nn`: the local energy, the mean train loss
 * (or error) after random perturbations of the weights at strength σ (the thesis's ch. 4
 * definition: w_i → w_i(1 + σε_i), ε_i ~ N(0, 1), 20 draws per σ; or additive, w_i + σε_i),
 * swept over σ. Flat minima keep a low loss to larger σ. Also the sharpness: the Hessian's
 * eigenvalue of largest magnitude, by power iteration on finite-difference Hessian–vector products.
 * @module
 */
import type { Parameter } from '@replica/nn';
import { copyKernel } from '@replica/nn';
import { ConvergenceError } from '@replica/spin-core/math';
import type { Tensor } from '@replica/webgpu-kernels';
import { checkInteger, checkNumber, checkOneOf, normal, PhiloxRng, runKernel } from '@replica/webgpu-kernels';
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

/** Options of {@link topHessianEigenvalue}. */
export interface HessianOptions {
  /** The parameters w (restored at the end, bit for bit). */
  readonly params: readonly Parameter[];
  /** Writes ∇L at the current weights into every `p.grad` (zeroing them first). */
  readonly gradient: () => Promise<void>;
  /** Power iterations at most (default 50). */
  readonly maxIterations?: number;
  /** On the relative change of the Rayleigh quotient (default 1e-4). */
  readonly tol?: number;
  /** The start vector's seed. */
  readonly seed: number | bigint;
  /** The finite-difference step relative to max(1, ‖w‖) (default 1e-3). */
  readonly relativeStep?: number;
}

/** What {@link topHessianEigenvalue} returns. */
export interface HessianEigenvalue {
  /** λ: the Hessian's eigenvalue of largest magnitude (the sharpness of a minimum). */
  readonly eigenvalue: number;
  readonly iterations: number;
  /** ‖Hv − λv‖ at the end, relative to |λ|. */
  readonly residual: number;
}

/**
 * The eigenvalue of largest magnitude of the loss Hessian at the current weights, by power
 * iteration on Hessian–vector products taken as central differences of gradients,
 * Hv ≈ [∇L(w + εv) − ∇L(w − εv)]/(2ε) (exact for a quadratic loss up to rounding); the
 * estimate is the Rayleigh quotient vᵀHv. The weights are restored afterwards.
 * @throws ConvergenceError when the quotient has not settled within `maxIterations`
 * @see Z. Yao, A. Gholami, K. Keutzer, M. W. Mahoney, PyHessian: neural networks through the lens of the Hessian (2020)
 */
export async function topHessianEigenvalue(o: HessianOptions): Promise<HessianEigenvalue> {
  const params = o.params;
  if (!Array.isArray(params) || params.length === 0)
    throw new RangeError('options.params: expected at least one parameter');
  const maxIt = checkInteger(o.maxIterations ?? 50, 'options.maxIterations', { min: 1 });
  const tol = checkNumber(o.tol ?? 1e-4, 'options.tol', { min: 0, minExclusive: true });
  const rel = checkNumber(o.relativeStep ?? 1e-3, 'options.relativeStep', { min: 0, minExclusive: true });
  const backend = params[0]!.value.backend;
  const w0 = await Promise.all(params.map(async (p) => Float64Array.from((await p.value.read()) as Float32Array)));
  const n = w0.reduce((a, t) => a + t.length, 0);
  const norm = (xs: readonly Float64Array[]) => Math.sqrt(xs.reduce((a, t) => a + t.reduce((b, x) => b + x * x, 0), 0));
  const eps = rel * Math.max(1, norm(w0));
  const rng = new PhiloxRng(o.seed);
  let v = w0.map((t) => Float64Array.from(t, () => rng.nextNormal()));
  const nv = norm(v);
  v = v.map((t) => t.map((x) => x / nv));
  const gradAt = async (sign: number): Promise<Float64Array[]> => {
    params.forEach((p, k) => {
      backend.write(
        p.value,
        Float32Array.from(w0[k]!, (x, j) => x + sign * eps * v[k]![j]!),
      );
    });
    await o.gradient();
    return Promise.all(params.map(async (p) => Float64Array.from((await p.grad.read()) as Float32Array)));
  };
  let lambda = Number.NaN;
  try {
    for (let it = 1; it <= maxIt; it++) {
      const [gp, gm] = [await gradAt(1), await gradAt(-1)];
      const hv = gp.map((t, k) => t.map((x, j) => (x - gm[k]![j]!) / (2 * eps)));
      let rq = 0;
      hv.forEach((t, k) => {
        for (let j = 0; j < t.length; j++) rq += t[j]! * v[k]![j]!;
      });
      const nh = norm(hv);
      if (!Number.isFinite(rq) || nh === 0)
        throw new ConvergenceError(
          `topHessianEigenvalue: Hv is ${nh === 0 ? 'zero' : 'not finite'} at iteration ${it}`,
          Number.NaN,
          it,
        );
      const residual = Math.sqrt(Math.max(0, nh * nh - rq * rq)) / Math.abs(rq);
      const settled = Math.abs(rq - lambda) <= tol * Math.abs(rq);
      lambda = rq;
      v = hv.map((t) => t.map((x) => x / nh));
      if (settled) return { eigenvalue: lambda, iterations: it, residual };
    }
    throw new ConvergenceError(
      `topHessianEigenvalue: the Rayleigh quotient did not settle in ${maxIt} iterations (last ${lambda}, over ${n} weights)`,
      Number.NaN,
      maxIt,
    );
  } finally {
    params.forEach((p, k) => {
      backend.write(p.value, Float32Array.from(w0[k]!));
    });
  }
}
