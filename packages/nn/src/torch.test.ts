/**
 * Against PyTorch: a 7-6-5-4 MLP (tanh, ReLU, linear) — its cross-entropy and MSE losses and
 * every gradient, and its weights after three steps of Adam, AdamW and SGD with Nesterov
 * momentum — from `fixtures/torch-mlp.json`, written by `fixtures/make_torch_fixtures.py`
 * (PyTorch 1.13, float32, one thread). Tolerance: 2·10⁻⁵ relative to max(1, |value|) — f32
 * sums of ≤ 9 products in a different order, plus a few ulp of tanh/exp.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import { Activation, Adam, crossEntropyWithLogits, Linear, mseLoss, Sequential, Sgd, Tape } from './index';

interface LayerValues {
  readonly W: number[];
  readonly b: number[];
}
const fx = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'torch-mlp.json'), 'utf8')) as {
  sizes: number[];
  x: number[];
  labels: number[];
  target: number[];
  initial: LayerValues[];
  crossEntropy: { loss: number; grads: LayerValues[] };
  mse: { loss: number; grads: LayerValues[] };
  adam: { lr: number; weights: LayerValues[]; losses: number[] };
  adamw: { lr: number; weightDecay: number; weights: LayerValues[]; losses: number[] };
  sgd: { lr: number; momentum: number; weightDecay: number; weights: LayerValues[]; losses: number[] };
};
const rows = fx.labels.length;

function torchNet(be: Backend): Sequential {
  // the fixture's network: Linear, tanh, Linear, ReLU, Linear, with PyTorch's initial weights
  const lin = fx.initial.map((w, i) => {
    const l = new Linear(be, { inFeatures: fx.sizes[i]!, outFeatures: fx.sizes[i + 1]!, seed: 0, name: `${2 * i}.` });
    be.write(l.weight.value, Float32Array.from(w.W));
    be.write(l.bias!.value, Float32Array.from(w.b));
    return l;
  });
  return new Sequential([lin[0]!, new Activation('tanh'), lin[1]!, new Activation('relu'), lin[2]!]);
}

function expectClose(got: ArrayLike<number>, want: readonly number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++)
    expect(Math.abs(got[i]! - want[i]!), `${what}[${i}]: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(
      2e-5 * Math.max(1, Math.abs(want[i]!)),
    );
}

async function lossAndGrads(be: Backend, net: Sequential, kind: 'ce' | 'mse'): Promise<number> {
  const tape = new Tape(be);
  try {
    const x = tape.input(tape.own(be.tensor(Float32Array.from(fx.x), [rows, fx.sizes[0]!]) as Tensor<'float32'>));
    const out = net.forward(x);
    const loss =
      kind === 'ce'
        ? crossEntropyWithLogits(out, fx.labels)
        : mseLoss(out, tape.input(tape.own(be.tensor(Float32Array.from(fx.target), out.shape) as Tensor<'float32'>)));
    tape.backward(loss);
    return (await loss.value.read())[0]!;
  } finally {
    tape.dispose();
  }
}

for (const b of await testBackends()) {
  describe(`the MLP against PyTorch (${b.name})`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    for (const kind of ['ce', 'mse'] as const)
      it(`${kind === 'ce' ? 'cross-entropy' : 'MSE'}: the loss and every gradient`, async () => {
        const be = await b.create();
        const net = torchNet(be);
        const ref = kind === 'ce' ? fx.crossEntropy : fx.mse;
        const loss = await lossAndGrads(be, net, kind);
        expect(Math.abs(loss - ref.loss)).toBeLessThan(2e-5 * Math.max(1, ref.loss));
        const params = net.parameters();
        for (let l = 0; l < ref.grads.length; l++) {
          expectClose((await params[2 * l]!.grad.read()) as Float32Array, ref.grads[l]!.W, `∂W${l}`);
          expectClose((await params[2 * l + 1]!.grad.read()) as Float32Array, ref.grads[l]!.b, `∂b${l}`);
        }
        for (const p of params) p.dispose();
        be.dispose();
      });

    it.each(['adam', 'adamw', 'sgd'] as const)('three %s steps land on PyTorch’s weights and losses', async (which) => {
      const be = await b.create();
      const net = torchNet(be);
      const params = net.parameters();
      const opt =
        which === 'adam'
          ? new Adam(params, { lr: fx.adam.lr })
          : which === 'adamw'
            ? new Adam(params, { lr: fx.adamw.lr, weightDecay: fx.adamw.weightDecay, decoupled: true })
            : new Sgd(params, {
                lr: fx.sgd.lr,
                momentum: fx.sgd.momentum,
                nesterov: true,
                weightDecay: fx.sgd.weightDecay,
              });
      const losses: number[] = [];
      for (let s = 0; s < 3; s++) {
        opt.zeroGrad();
        losses.push(await lossAndGrads(be, net, 'ce'));
        opt.step();
      }
      expectClose(losses, fx[which].losses, `${which} losses`);
      for (let l = 0; l < fx[which].weights.length; l++) {
        expectClose((await params[2 * l]!.value.read()) as Float32Array, fx[which].weights[l]!.W, `${which} W${l}`);
        expectClose((await params[2 * l + 1]!.value.read()) as Float32Array, fx[which].weights[l]!.b, `${which} b${l}`);
      }
      opt.dispose();
      for (const p of params) p.dispose();
      be.dispose();
    });
  });
}
