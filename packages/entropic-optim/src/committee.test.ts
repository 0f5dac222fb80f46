/**
 * The binary committee machine: the straight-through sign (forward sign, VJP Ḡ·1{|w| ≤ 1}) on
 * every backend; the error count against a direct evaluation of the ±1 network; clipping; and
 * gradient training that stores an easy load (α = 0.1) on the CPU.
 */
import { mul, Parameter, Sgd, sum, Tape } from '@replica/nn';
import type { Tensor } from '@replica/webgpu-kernels';
import { PhiloxRng } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import {
  BinaryCommittee,
  committeeErrors,
  perceptronAsCommittee,
  perceptronErrors,
  randomBinaryPerceptron,
  randomCommitteeProblem,
  replicatedFit,
  signStraightThrough,
  trainBinaryCommittee,
} from './index';

for (const b of await testBackends()) {
  describe(`straight-through sign (${b.name})`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    it('forward sign(w), backward Ḡ where |w| ≤ 1 and 0 beyond; clip keeps W in [−1, 1]', async () => {
      const be = await b.create();
      const w = [-2, -1, -0.3, 0.5, 1, 1.5];
      const tape = new Tape(be);
      const p = new Parameter('w', be.tensor(Float32Array.from(w), [6]) as Tensor<'float32'>);
      const s = signStraightThrough(tape.param(p));
      expect(Array.from(await s.value.read())).toEqual([-1, -1, -1, 1, 1, 1]);
      const g = tape.input(be.tensor(Float32Array.from([1, 2, 3, 4, 5, 6]), [6]) as Tensor<'float32'>);
      tape.backward(sum(mul(s, g)));
      expect(Array.from(await p.grad.read())).toEqual([0, 2, 3, 4, 5, 0]);
      tape.dispose();
      p.dispose();
      const net = new BinaryCommittee(be, { inputs: 3, hidden: 1, seed: 1 });
      be.write(net.weight.value, Float32Array.from([-3, 0.2, 7]));
      net.clip();
      expect(Array.from(await net.weight.value.read())).toEqual([-1, Math.fround(0.2), 1]);
      be.dispose();
    });
  });
}

describe('binary committee machine', () => {
  it('committeeErrors counts sign(Σ_k sign(w_k·ξ)) ≠ σ, as a direct evaluation does', () => {
    const problem = randomCommitteeProblem({ inputs: 7, hidden: 3, alpha: 2, seed: 4 });
    expect(problem.p).toBe(42);
    const rng = new PhiloxRng(9);
    for (let trial = 0; trial < 5; trial++) {
      const w = Float32Array.from({ length: 21 }, () => rng.nextNormal());
      let errors = 0;
      for (let mu = 0; mu < problem.p; mu++) {
        const hidden = [0, 1, 2].map((k) =>
          Math.sign([...Array(7).keys()].reduce((a, i) => a + problem.x[mu * 7 + i]! * Math.sign(w[i * 3 + k]!), 0)),
        );
        const out = Math.sign(hidden.reduce((a, h) => a + h, 0));
        if ((out > 0 ? 1 : 0) !== problem.labels[mu]) errors++;
      }
      expect(committeeErrors(problem, w)).toBe(errors);
    }
    expect(() => committeeErrors(problem, new Float32Array(5))).toThrow(/expected 21 weights/);
    expect(() => new BinaryCommittee(null as unknown as never, { inputs: 4, hidden: 3, seed: 1 })).toThrow(
      /options\.inputs: must be odd/,
    );
  });

  it('SGD on the surrogate stores an easy load (α = 0.1, N = 31, K = 3) with ±1 weights', async () => {
    const be = await (await testBackends())[0]!.create();
    const problem = randomCommitteeProblem({ inputs: 31, hidden: 3, alpha: 0.1, seed: 2 });
    const model = new BinaryCommittee(be, { inputs: 31, hidden: 3, replicas: 1, outputScale: 6, seed: 3 });
    const before = committeeErrors(problem, (await model.weight.value.read()) as Float32Array);
    let after = before;
    await replicatedFit(be, {
      model,
      replicas: 1,
      optimizer: new Sgd(model.parameters(), { lr: 0.1 }),
      coupling: { gamma0: 0 },
      train: { x: problem.x, labels: problem.labels },
      features: 31,
      classes: 2,
      epochs: 200,
      batchSize: 3,
      seed: 1,
      afterStep: () => model.clip(),
      onEpoch: async () => {
        after = committeeErrors(problem, (await model.weight.value.read()) as Float32Array);
        return after === 0 ? false : undefined;
      },
    });
    expect(before).toBeGreaterThan(0);
    expect(after).toBe(0);
    const w = (await model.weight.value.read()) as Float32Array;
    for (const v of w) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    be.dispose();
  });

  it('a perceptron instance as a K = 1 committee has the same errors for every weight vector', () => {
    const problem = randomBinaryPerceptron({ n: 21, alpha: 0.7, seed: 4 });
    const c = perceptronAsCommittee(problem);
    expect(c.p).toBe(problem.p);
    const rng = new PhiloxRng(5);
    for (let k = 0; k < 20; k++) {
      const w = Float32Array.from({ length: 21 }, () => (rng.nextU32() & 1 ? 1 : -1));
      expect(committeeErrors(c, w)).toBe(perceptronErrors(problem, w));
    }
  });

  it('trainBinaryCommittee solves an easy perceptron instance, and y = 1 ignores γ (plain SGD)', async () => {
    const be = await (await testBackends())[0]!.create();
    const problem = perceptronAsCommittee(randomBinaryPerceptron({ n: 51, alpha: 0.3, seed: 6 }));
    const o = { epochs: 200, batchSize: 5, lr: 0.1, initSeed: 7, seed: 8 };
    const r = await trainBinaryCommittee(be, problem, { ...o, replicas: 5 });
    expect(r.solvedAt).not.toBeNull();
    expect(r.bestErrors).toBe(0);
    expect(r.steps).toBe(r.solvedAt! * Math.ceil(problem.p / 5));
    expect(committeeErrors(problem, r.weights!)).toBe(0);
    const a = await trainBinaryCommittee(be, problem, { ...o, replicas: 1, gamma0: 0.05 });
    const b = await trainBinaryCommittee(be, problem, { ...o, replicas: 1, gamma0: 0.9 });
    expect(b).toEqual(a);
    be.dispose();
  });
});
