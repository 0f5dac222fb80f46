/**
 * ODE integration for order-parameter dynamics: classical RK4 with a fixed step,
 * and the adaptive Dormand–Prince 5(4) pair with error control.
 * @module
 */
import { ConvergenceError } from './convergence';

/** The right-hand side dy/dt = f(t, y), written into `dydt`. */
export type OdeRhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

/** A solution sampled at times `t`: `y[k]` is the state at `t[k]`. */
export interface OdeSolution {
  readonly t: Float64Array;
  readonly y: Float64Array[];
  /** Steps taken (accepted), and rejected (adaptive only). */
  readonly steps: number;
  readonly rejected: number;
}

function checkTimes(times: readonly number[]): void {
  if (times.length < 2) throw new RangeError('times: need at least a start and an end time');
  for (let k = 1; k < times.length; k++) {
    if (!(times[k]! > times[k - 1]!))
      throw new RangeError(`times: must increase strictly, got ${times[k - 1]} then ${times[k]}`);
  }
}

/**
 * Classical 4th-order Runge–Kutta with `stepsPerInterval` equal steps between consecutive output times.
 * @param times - output times, increasing; the first is the initial time
 * @param stepsPerInterval - default 100
 */
export function rk4(f: OdeRhs, y0: ArrayLike<number>, times: readonly number[], stepsPerInterval = 100): OdeSolution {
  checkTimes(times);
  if (!Number.isInteger(stepsPerInterval) || stepsPerInterval < 1) {
    throw new RangeError(`stepsPerInterval: expected a positive integer, got ${stepsPerInterval}`);
  }
  const n = y0.length;
  const y = Float64Array.from(y0);
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const tmp = new Float64Array(n);
  const out: Float64Array[] = [y.slice()];
  let steps = 0;
  for (let k = 1; k < times.length; k++) {
    const t0 = times[k - 1]!;
    const h = (times[k]! - t0) / stepsPerInterval;
    for (let s = 0; s < stepsPerInterval; s++) {
      const t = t0 + s * h;
      f(t, y, k1);
      for (let i = 0; i < n; i++) tmp[i] = y[i]! + 0.5 * h * k1[i]!;
      f(t + 0.5 * h, tmp, k2);
      for (let i = 0; i < n; i++) tmp[i] = y[i]! + 0.5 * h * k2[i]!;
      f(t + 0.5 * h, tmp, k3);
      for (let i = 0; i < n; i++) tmp[i] = y[i]! + h * k3[i]!;
      f(t + h, tmp, k4);
      for (let i = 0; i < n; i++) y[i] = y[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
      steps++;
    }
    out.push(y.slice());
  }
  return { t: Float64Array.from(times), y: out, steps, rejected: 0 };
}

/** Options of {@link integrateAdaptive}. */
export interface AdaptiveOptions {
  /** Relative tolerance, default 1e-8. */
  readonly rtol?: number;
  /** Absolute tolerance, default 1e-10. */
  readonly atol?: number;
  /** First step, default (t1 − t0)/100 of the first interval. */
  readonly h0?: number;
  /** Cap on accepted + rejected steps, default 1e6. */
  readonly maxSteps?: number;
}

// Dormand–Prince 5(4) tableau.
const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const A = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
const B5 = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
const B4 = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40];

/**
 * Adaptive Dormand–Prince 5(4) integration with local error control
 * (err = max_i |y5 − y4|/(atol + rtol·max(|y|, |y_new|)) ≤ 1), landing exactly on every output time.
 * @param times - output times, increasing; the first is the initial time
 * @throws ConvergenceError when the step size underflows or maxSteps is exceeded (e.g. a stiff or blowing-up system)
 * @see J. R. Dormand, P. J. Prince, "A family of embedded Runge–Kutta formulae", J. Comput. Appl. Math. 6 (1980).
 */
export function integrateAdaptive(
  f: OdeRhs,
  y0: ArrayLike<number>,
  times: readonly number[],
  options: AdaptiveOptions = {},
): OdeSolution {
  checkTimes(times);
  const rtol = options.rtol ?? 1e-8;
  const atol = options.atol ?? 1e-10;
  if (!(rtol > 0) || !(atol > 0)) throw new RangeError(`rtol, atol: expected positive numbers, got ${rtol}, ${atol}`);
  const maxSteps = options.maxSteps ?? 1_000_000;
  const n = y0.length;
  const y = Float64Array.from(y0);
  const k = Array.from({ length: 7 }, () => new Float64Array(n));
  const tmp = new Float64Array(n);
  const y5 = new Float64Array(n);
  const out: Float64Array[] = [y.slice()];
  let h = options.h0 ?? (times[1]! - times[0]!) / 100;
  let t = times[0]!;
  let steps = 0;
  let rejected = 0;
  f(t, y, k[0]!);
  for (let target = 1; target < times.length; target++) {
    const tEnd = times[target]!;
    while (t < tEnd) {
      if (steps + rejected >= maxSteps) {
        throw new ConvergenceError(
          `integrateAdaptive: more than ${maxSteps} steps before t = ${tEnd} (reached t = ${t})`,
          h,
          steps,
        );
      }
      const last = t + h >= tEnd;
      const hs = last ? tEnd - t : h;
      for (let s = 1; s < 7; s++) {
        const a = A[s]!;
        for (let i = 0; i < n; i++) {
          let acc = y[i]!;
          for (let j = 0; j < s; j++) acc += hs * a[j]! * k[j]![i]!;
          tmp[i] = acc;
        }
        f(t + C[s]! * hs, tmp, k[s]!);
      }
      let err = 0;
      for (let i = 0; i < n; i++) {
        let v5 = y[i]!;
        let e = 0;
        for (let s = 0; s < 7; s++) {
          v5 += hs * B5[s]! * k[s]![i]!;
          e += hs * (B5[s]! - B4[s]!) * k[s]![i]!;
        }
        y5[i] = v5;
        const sc = atol + rtol * Math.max(Math.abs(y[i]!), Math.abs(v5));
        err = Math.max(err, Math.abs(e) / sc);
      }
      if (!Number.isFinite(err)) {
        throw new ConvergenceError(`integrateAdaptive: the solution is not finite near t = ${t}`, Number.NaN, steps);
      }
      if (err <= 1) {
        t = last ? tEnd : t + hs;
        y.set(y5);
        // First-same-as-last: the last stage is f at the new point.
        k[0]!.set(k[6]!);
        steps++;
      } else {
        rejected++;
      }
      const factor = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * err ** -0.2));
      if (err <= 1 && last) h = Math.max(h, hs);
      else h = hs * factor;
      if (h < 1e-14 * Math.max(1, Math.abs(t))) {
        throw new ConvergenceError(
          `integrateAdaptive: step size underflow at t = ${t} (stiff or singular system?)`,
          err,
          steps,
        );
      }
    }
    out.push(y.slice());
  }
  return { t: Float64Array.from(times), y: out, steps, rejected };
}
