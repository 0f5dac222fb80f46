/**
 * Optimizer steps against an f64 transcription of PyTorch's update rules, on every backend;
 * an MLP learning a separable problem; memory that stays flat over a training loop; and
 * bit-identical weights for the same seed on the CPU.
 */
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { deriveSeed, PhiloxRng } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import { crossEntropyWithLogits, fit, mlp, Parameter, Tape } from './index';
import { Adam, Sgd } from './optim';
import { liveTapeTensorCount } from './tape';

/** f64 Adam/AdamW (torch.optim.Adam / AdamW, no amsgrad) on one tensor over a gradient sequence. */
function adamRef(
  theta: number[],
  grads: number[][],
  o: { lr: number; b1: number; b2: number; eps: number; wd: number; decoupled: boolean },
): number[] {
  const p = theta.slice();
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  grads.forEach((g0, k) => {
    const t = k + 1;
    for (let i = 0; i < p.length; i++) {
      let g = g0[i]!;
      if (o.decoupled) p[i] = p[i]! * (1 - o.lr * o.wd);
      else g += o.wd * p[i]!;
      m[i] = o.b1 * m[i]! + (1 - o.b1) * g;
      v[i] = o.b2 * v[i]! + (1 - o.b2) * g * g;
      const mh = m[i]! / (1 - o.b1 ** t);
      const vh = v[i]! / (1 - o.b2 ** t);
      p[i] = p[i]! - (o.lr * mh) / (Math.sqrt(vh) + o.eps);
    }
  });
  return p;
}

/** f64 SGD (torch.optim.SGD) with momentum, dampening, Nesterov, weight decay. */
function sgdRef(
  theta: number[],
  grads: number[][],
  o: { lr: number; mu: number; tau: number; wd: number; nesterov: boolean },
): number[] {
  const p = theta.slice();
  const b = p.map(() => 0);
  grads.forEach((g0, k) => {
    for (let i = 0; i < p.length; i++) {
      let g = g0[i]! + o.wd * p[i]!;
      if (o.mu !== 0) {
        b[i] = k === 0 ? g : o.mu * b[i]! + (1 - o.tau) * g;
        g = o.nesterov ? g + o.mu * b[i]! : b[i]!;
      }
      p[i] = p[i]! - o.lr * g;
    }
  });
  return p;
}

async function runSteps(
  be: Backend,
  theta: number[],
  grads: number[][],
  make: (params: Parameter[]) => { step(): void; dispose(): void },
): Promise<Float32Array> {
  const p = new Parameter('w', be.tensor(Float32Array.from(theta), [theta.length]) as Tensor<'float32'>);
  const opt = make([p]);
  for (const g of grads) {
    be.write(p.grad, Float32Array.from(g));
    opt.step();
  }
  const out = (await p.value.read()) as Float32Array;
  opt.dispose();
  p.dispose();
  return out;
}

const rng = new PhiloxRng(5);
const theta = Array.from({ length: 300 }, () => rng.nextNormal());
const grads = Array.from({ length: 5 }, () => theta.map(() => 0.1 * rng.nextNormal()));

for (const b of await testBackends()) {
  describe(`optimizers (${b.name}): PyTorch's rules, f64 reference`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    // f32 state against f64: after 5 steps of size ≤ lr, 10⁻⁶ absolute covers the rounding
    const close = (got: Float32Array, want: number[]) => {
      for (let i = 0; i < want.length; i++)
        expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-6 + 1e-6 * Math.abs(want[i]!));
    };
    it.each([
      { lr: 1e-3, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, decoupled: false },
      { lr: 1e-2, b1: 0.8, b2: 0.99, eps: 1e-6, wd: 0.1, decoupled: false },
      { lr: 1e-2, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.05, decoupled: true },
    ])('Adam %o', async (o) => {
      const be = await b.create();
      const got = await runSteps(
        be,
        theta,
        grads,
        (ps) => new Adam(ps, { lr: o.lr, betas: [o.b1, o.b2], eps: o.eps, weightDecay: o.wd, decoupled: o.decoupled }),
      );
      close(got, adamRef(theta, grads, o));
      be.dispose();
    });
    it.each([
      { lr: 0.1, mu: 0, tau: 0, wd: 0, nesterov: false },
      { lr: 0.05, mu: 0.9, tau: 0, wd: 0.01, nesterov: false },
      { lr: 0.05, mu: 0.9, tau: 0.1, wd: 0, nesterov: false },
      { lr: 0.05, mu: 0.9, tau: 0, wd: 0.01, nesterov: true },
    ])('SGD %o', async (o) => {
      const be = await b.create();
      const got = await runSteps(
        be,
        theta,
        grads,
        (ps) => new Sgd(ps, { lr: o.lr, momentum: o.mu, dampening: o.tau, weightDecay: o.wd, nesterov: o.nesterov }),
      );
      close(got, sgdRef(theta, grads, o));
      be.dispose();
    });
  });
}

describe('optimizer options', () => {
  it('names bad hyper-parameters', async () => {
    const be = (await testBackends())[0]!;
    const backend = await be.create();
    const p = [new Parameter('w', backend.zeros([2]) as Tensor<'float32'>)];
    expect(() => new Adam(p, { lr: -1 })).toThrow(/options.lr: expected a finite number ≥ 0, got -1/);
    expect(() => new Adam(p, { lr: 0.1, betas: [1, 0.9] })).toThrow(/options.betas\[0\]/);
    expect(() => new Adam(p, { lr: 0.1, eps: 0 })).toThrow(/options.eps/);
    expect(() => new Sgd(p, { lr: 0.1, momentum: 1 })).toThrow(/options.momentum/);
    expect(() => new Sgd(p, { lr: 0.1, nesterov: true })).toThrow(/Nesterov momentum needs momentum > 0/);
    expect(() => new Sgd([], { lr: 0.1 })).toThrow(/params/);
    const sched = new Sgd(p, { lr: (t) => (t > 1 ? Number.NaN : 0.1) });
    sched.step();
    expect(() => sched.step()).toThrow(/options.lr\(2\): expected a finite number/);
    backend.dispose();
  });
});

/** Two Gaussian blobs per class in 8 dimensions, 3 classes: separable by a small MLP. */
function blobs(n: number, seed: number): { x: Float32Array; y: number[] } {
  const r = new PhiloxRng(seed);
  const centres = Array.from({ length: 6 }, () => Array.from({ length: 8 }, () => 2.5 * r.nextNormal()));
  const x = new Float32Array(n * 8);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = r.nextInt(6);
    y.push(c % 3);
    for (let d = 0; d < 8; d++) x[i * 8 + d] = centres[c]![d]! + 0.5 * r.nextNormal();
  }
  return { x, y };
}

async function train(
  be: Backend,
  seed: number,
  steps: number,
): Promise<{ accuracy: number; weights: Float32Array[]; live: number[] }> {
  const net = mlp(be, { sizes: [8, 32, 3], seed });
  const opt = new Adam(net.parameters(), { lr: 0.01 });
  const data = blobs(256, 1);
  const live: number[] = [];
  for (let s = 0; s < steps; s++) {
    const rows = 64;
    const start = (s * rows) % 256;
    const tape = new Tape(be);
    const x = tape.input(
      tape.own(be.tensor(data.x.slice(start * 8, (start + rows) * 8), [rows, 8]) as Tensor<'float32'>),
    );
    opt.zeroGrad();
    const loss = crossEntropyWithLogits(net.forward(x), data.y.slice(start, start + rows));
    tape.backward(loss);
    opt.step();
    tape.dispose();
    live.push(liveTapeTensorCount());
  }
  // accuracy on all 256 points
  const tape = new Tape(be);
  const logits = (await net
    .forward(tape.input(tape.own(be.tensor(data.x, [256, 8]) as Tensor<'float32'>)))
    .value.read()) as Float32Array;
  tape.dispose();
  let correct = 0;
  for (let i = 0; i < 256; i++) {
    let best = 0;
    for (let c = 1; c < 3; c++) if (logits[i * 3 + c]! > logits[i * 3 + best]!) best = c;
    if (best === data.y[i]) correct++;
  }
  const weights = await Promise.all(net.parameters().map((p) => p.value.read() as Promise<Float32Array>));
  for (const p of net.parameters()) p.dispose();
  opt.dispose();
  return { accuracy: correct / 256, weights, live };
}

for (const b of await testBackends()) {
  describe(`an MLP trained by Adam (${b.name})`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    it('separates the blobs, and the tapes leave no tensor behind (memory stays flat)', async () => {
      const be = await b.create();
      const before = liveTapeTensorCount();
      const r = await train(be, 3, 120);
      expect(r.accuracy).toBeGreaterThan(0.95);
      expect(new Set(r.live)).toEqual(new Set([before]));
      be.dispose();
    }, 120_000);
  });
}

const backends = await testBackends();
const gpu = backends.find((b) => b.name !== 'cpu' && b.available);

describe('reproducibility', () => {
  it('the same seed gives bit-identical weights on the CPU; another seed does not', async () => {
    const be = await (await testBackends())[0]!.create();
    const a = await train(be, 7, 20);
    const b = await train(be, 7, 20);
    const c = await train(be, 8, 20);
    a.weights.forEach((w, i) => {
      expect(Array.from(b.weights[i]!)).toEqual(Array.from(w));
    });
    expect(Array.from(c.weights[0]!)).not.toEqual(Array.from(a.weights[0]!));
    be.dispose();
  });

  it.skipIf(gpu === undefined)(
    'WebGPU lands on the CPU’s weights within f32 tolerance (fit, 30 SGD steps, same seed)',
    async () => {
      // |w_gpu − w_cpu| ≤ 10⁻⁴: each step differs by a few f32 ulps (other summation orders in the
      // gemms and reductions); SGD (η = 0.05, momentum 0.9) keeps those differences of that order
      const data = blobs(240, 5);
      const run = async (be: Backend) => {
        const net = mlp(be, { sizes: [8, 16, 3], seed: 3 });
        const opt = new Sgd(net.parameters(), { lr: 0.05, momentum: 0.9 });
        await fit(be, {
          model: net,
          optimizer: opt,
          train: { x: data.x, labels: data.y },
          features: 8,
          classes: 3,
          epochs: 2,
          batchSize: 16,
          seed: 4,
        });
        const w = await Promise.all(net.parameters().map((p) => p.value.read() as Promise<Float32Array>));
        opt.dispose();
        for (const p of net.parameters()) p.dispose();
        be.dispose();
        return w;
      };
      const a = await run(await backends[0]!.create());
      const b = await run(await gpu!.create());
      let worst = 0;
      a.forEach((w, i) => {
        for (let j = 0; j < w.length; j++) worst = Math.max(worst, Math.abs(w[j]! - b[i]![j]!));
      });
      expect(worst).toBeLessThanOrEqual(1e-4);
    },
    120_000,
  );
});

describe('the replica axis', () => {
  it('R replicas trained on their own minibatches equal R separate networks, bit for bit (CPU)', async () => {
    const be = await (await testBackends())[0]!.create();
    const R = 3;
    const rows = 16;
    const data = blobs(R * rows * 4, 9);
    const seed = 11;
    // the replicated network: W [R, in, out]; replica r starts as mlp(deriveSeed(seed, r)) would
    const rep = mlp(be, { sizes: [8, 12, 3], seed, replicas: R });
    const repOpt = new Adam(rep.parameters(), { lr: 0.01 });
    const singles = Array.from({ length: R }, (_, r) => mlp(be, { sizes: [8, 12, 3], seed: deriveSeed(seed, r) }));
    const opts = singles.map((n) => new Adam(n.parameters(), { lr: 0.01 }));
    for (let step = 0; step < 4; step++) {
      // replica r's minibatch: rows [(step·R + r)·rows, …)
      const xs = Array.from({ length: R }, (_, r) =>
        data.x.subarray((step * R + r) * rows * 8, (step * R + r + 1) * rows * 8),
      );
      const ys = Array.from({ length: R }, (_, r) => data.y.slice((step * R + r) * rows, (step * R + r + 1) * rows));
      const tape = new Tape(be);
      const xr = new Float32Array(R * rows * 8);
      xs.forEach((x, r) => {
        xr.set(x, r * rows * 8);
      });
      repOpt.zeroGrad();
      const loss = crossEntropyWithLogits(
        rep.forward(tape.input(tape.own(be.tensor(xr, [R, rows, 8]) as Tensor<'float32'>))),
        ys.flat(),
      );
      tape.backward(loss);
      repOpt.step();
      tape.dispose();
      singles.forEach((net, r) => {
        const t = new Tape(be);
        opts[r]!.zeroGrad();
        t.backward(
          crossEntropyWithLogits(
            net.forward(t.input(t.own(be.tensor(Float32Array.from(xs[r]!), [rows, 8]) as Tensor<'float32'>))),
            ys[r]!,
          ),
        );
        opts[r]!.step();
        t.dispose();
      });
    }
    const repParams = rep.parameters();
    for (let k = 0; k < repParams.length; k++) {
      const all = (await repParams[k]!.value.read()) as Float32Array;
      const per = all.length / R;
      for (let r = 0; r < R; r++)
        expect(Array.from(all.subarray(r * per, (r + 1) * per)), `${repParams[k]!.name} of replica ${r}`).toEqual(
          Array.from((await singles[r]!.parameters()[k]!.value.read()) as Float32Array),
        );
    }
    be.dispose();
  });
});
