/**
 * The local energy: σ = 0 gives the unperturbed figures exactly; the perturbations have the
 * stated statistics (mean squared relative change σ² multiplicative, squared change σ²
 * additive, within 4σ of the sampling error); the weights come back bit for bit, also when the
 * evaluation throws; a trained network's loss rises with σ.
 */
import type { LabelledRows } from '@replica/nn';
import { Adam, evaluateClassifier, fit, Linear, mlp, mseLoss, Tape } from '@replica/nn';
import { ConvergenceError } from '@replica/spin-core/math';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { PhiloxRng } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import { localEnergy, topHessianEigenvalue } from './index';

function blobs(n: number, seed: number): LabelledRows {
  const r = new PhiloxRng(seed);
  const centres = Array.from({ length: 4 }, () => Array.from({ length: 6 }, () => 2 * r.nextNormal()));
  const x = new Float32Array(n * 6);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = r.nextInt(4);
    labels.push(c);
    for (let d = 0; d < 6; d++) x[i * 6 + d] = centres[c]![d]! + 0.6 * r.nextNormal();
  }
  return { x, labels };
}

for (const b of await testBackends()) {
  describe(`local energy (${b.name})`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    let be: Backend;

    it('σ = 0 is the train loss; the loss rises with σ; the weights are restored exactly', async () => {
      be = await b.create();
      const train = blobs(200, 1);
      const net = mlp(be, { sizes: [6, 16, 4], seed: 1 });
      await fit(be, {
        model: net,
        optimizer: new Adam(net.parameters(), { lr: 0.02 }),
        train,
        features: 6,
        classes: 4,
        epochs: 10,
        batchSize: 20,
        seed: 2,
      });
      const before = await Promise.all(net.parameters().map((p) => p.value.read()));
      const evaluate = async () => {
        const e = await evaluateClassifier(be, net, train, { features: 6, classes: 4 });
        return { loss: e.loss, error: 1 - e.accuracy };
      };
      const base = await evaluate();
      const pts = await localEnergy({ params: net.parameters(), evaluate, sigmas: [0, 0.3, 1], draws: 6, seed: 4 });
      expect(pts.map((p) => p.sigma)).toEqual([0, 0.3, 1]);
      expect(pts[0]!.mean).toEqual(base);
      expect(pts[0]!.stderr).toEqual({ loss: 0, error: 0 });
      expect(pts[1]!.mean.loss!).toBeGreaterThan(base.loss);
      expect(pts[2]!.mean.loss!).toBeGreaterThan(pts[1]!.mean.loss!);
      const after = await Promise.all(net.parameters().map((p) => p.value.read()));
      after.forEach((t, k) => {
        expect(Array.from(t)).toEqual(Array.from(before[k]!));
      });
      // restored when the evaluation throws half-way
      await expect(
        localEnergy({
          params: net.parameters(),
          evaluate: async () => {
            throw new Error('boom');
          },
          sigmas: [0.5],
          seed: 1,
        }),
      ).rejects.toThrow('boom');
      const again = await Promise.all(net.parameters().map((p) => p.value.read()));
      again.forEach((t, k) => {
        expect(Array.from(t)).toEqual(Array.from(before[k]!));
      });
      be.dispose();
    });

    it('the perturbations have the stated statistics (4σ): E[(Δw/w)²] = σ² multiplicative, E[Δw²] = σ² additive', async () => {
      be = await b.create();
      const net = mlp(be, { sizes: [6, 16, 4], seed: 3, init: 'normal' });
      const params = net.parameters().filter((p) => p.name.endsWith('weight'));
      const w0 = (await Promise.all(params.map((p) => p.value.read()))).map((t) => Array.from(t));
      const count = w0.reduce((a, t) => a + t.length, 0);
      for (const perturbation of ['multiplicative', 'additive'] as const) {
        const sigma = 0.4;
        // per draw: the mean over the weights of (Δw/w)² or Δw², each term with mean σ² and variance 2σ⁴
        const evaluate = async () => {
          let s = 0;
          for (const [k, p] of params.entries()) {
            const w = await p.value.read();
            for (let j = 0; j < w.length; j++) {
              const d = w[j]! - w0[k]![j]!;
              s += perturbation === 'multiplicative' ? (d / w0[k]![j]!) ** 2 : d * d;
            }
          }
          return { msd: s / count };
        };
        const draws = 20;
        const [pt] = await localEnergy({ params, evaluate, sigmas: [sigma], draws, seed: 9, perturbation });
        const sd = Math.sqrt((2 * sigma ** 4) / (count * draws));
        expect(
          Math.abs(pt!.mean.msd! - sigma ** 2),
          `${perturbation}: ${pt!.mean.msd} vs σ² = ${sigma ** 2}`,
        ).toBeLessThan(4 * sd);
      }
      be.dispose();
    });

    it('refuses a negative σ, no σ, and a non-finite figure', async () => {
      be = await b.create();
      const net = mlp(be, { sizes: [6, 4], seed: 1 });
      const params = net.parameters();
      const evaluate = async () => ({ loss: 1 });
      await expect(localEnergy({ params, evaluate, sigmas: [0.1, -1], seed: 1 })).rejects.toThrow(
        /options\.sigmas\[1\]/,
      );
      await expect(localEnergy({ params, evaluate, sigmas: [], seed: 1 })).rejects.toThrow(
        /options\.sigmas: expected at least one/,
      );
      await expect(
        localEnergy({ params, evaluate: async () => ({ loss: Number.NaN }), sigmas: [0.1], seed: 1 }),
      ).rejects.toThrow(/evaluate\(\) returned loss = NaN at σ = 0\.1/);
      be.dispose();
    });
  });
}

describe('top Hessian eigenvalue', () => {
  it('matches the largest eigenvalue of (2/n)XᵀX for least squares (exact f64 reference), weights restored', async () => {
    const be = await (await testBackends())[0]!.create();
    const n = 40;
    const D = 6;
    const rng = new PhiloxRng(5);
    // correlated columns: a clear top eigenvalue
    const x = Float32Array.from({ length: n * D }, (_, i) => rng.nextNormal() * (1 + (i % D)));
    const t = Float32Array.from({ length: n }, () => rng.nextNormal());
    const net = new Linear(be, { inFeatures: D, outFeatures: 1, bias: false, seed: 1 });
    const before = Array.from(await net.weight.value.read());
    const gradient = async () => {
      const tape = new Tape(be);
      net.weight.zeroGrad();
      const pred = net.forward(tape.input(tape.own(be.tensor(x, [n, D]) as Tensor<'float32'>)));
      tape.backward(mseLoss(pred, tape.input(tape.own(be.tensor(t, [n, 1]) as Tensor<'float32'>))));
      tape.dispose();
    };
    const r = await topHessianEigenvalue({ params: [net.weight], gradient, seed: 2, tol: 1e-7, maxIterations: 200 });
    // the reference: power iteration in f64 on the explicit matrix H = (2/n) XᵀX
    const H = Array.from({ length: D }, (_, a) =>
      Array.from({ length: D }, (_, b) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += x[i * D + a]! * x[i * D + b]!;
        return (2 * s) / n;
      }),
    );
    let v = Array.from({ length: D }, () => 1);
    let lam = 0;
    for (let it = 0; it < 2000; it++) {
      const hv = H.map((row) => row.reduce((a, h, j) => a + h * v[j]!, 0));
      const norm = Math.hypot(...hv);
      lam = hv.reduce((a, h, j) => a + h * v[j]!, 0);
      v = hv.map((h) => h / norm);
    }
    expect(Math.abs(r.eigenvalue - lam) / lam).toBeLessThan(1e-3);
    expect(r.residual).toBeLessThan(0.05);
    expect(Array.from(await net.weight.value.read())).toEqual(before);
    await expect(
      topHessianEigenvalue({ params: [net.weight], gradient, seed: 2, tol: 1e-15, maxIterations: 2 }),
    ).rejects.toThrow(ConvergenceError);
    be.dispose();
  });
});
