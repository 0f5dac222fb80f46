/**
 * Against PyTorch (`fixtures/torch-conv.json`, written by `fixtures/make_torch_conv_fixtures.py`,
 * PyTorch 1.13, float32, one thread): a conv net with batch norm and a transposed convolution —
 * its training-mode loss, every gradient, the running statistics, and the evaluation-mode
 * loss — and a softmax-attention block with its gradients, on every backend. Tolerance:
 * 10⁻⁴ relative to max(1, |value|): f32 sums of up to 36 products in another order, and batch
 * norm's 1/√(σ² + ε), whose gradient subtracts nearly equal terms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import * as nn from './index';

interface Named {
  readonly shape: number[];
  readonly data: number[];
}
const fx = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'torch-conv.json'), 'utf8')) as {
  conv: {
    x: number[];
    target: number[];
    initial: Record<string, Named>;
    loss: number;
    grads: Record<string, number[]>;
    running: Record<string, number[]>;
    evalLoss: number;
  };
  attention: {
    n: number;
    d: number;
    h: number;
    X: number[];
    T: number[];
    weights: Record<'Wq' | 'Wk' | 'Wv' | 'Wo', number[]>;
    loss: number;
    grads: Record<'Wq' | 'Wk' | 'Wv' | 'Wo' | 'X', number[]>;
  };
};

function expectClose(got: ArrayLike<number>, want: readonly number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++)
    expect(Math.abs(got[i]! - want[i]!), `${what}[${i}]: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(
      1e-4 * Math.max(1, Math.abs(want[i]!)),
    );
}

function convNet(be: Backend): nn.Sequential {
  return new nn.Sequential([
    new nn.Conv2d(be, { inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1, seed: 1, name: '0.' }),
    new nn.BatchNorm2d(be, { channels: 3, name: '1.' }),
    new nn.Activation('relu'),
    new nn.Conv2d(be, { inChannels: 3, outChannels: 4, kernelSize: 3, stride: 2, padding: 1, seed: 1, name: '3.' }),
    new nn.BatchNorm2d(be, { channels: 4, affine: false, name: '4.' }),
    new nn.Activation('tanh'),
    new nn.ConvTranspose2d(be, {
      inChannels: 4,
      outChannels: 2,
      kernelSize: 3,
      stride: 2,
      padding: 1,
      outputPadding: 1,
      seed: 1,
      name: '6.',
    }),
  ]);
}

async function mse(be: Backend, net: nn.Module, backward: boolean): Promise<number> {
  return nn.withTape(be, async (tape) => {
    const x = tape.input(tape.own(be.tensor(Float32Array.from(fx.conv.x), [4, 2, 8, 8]) as Tensor<'float32'>));
    const t = tape.input(tape.own(be.tensor(Float32Array.from(fx.conv.target), [4, 2, 8, 8]) as Tensor<'float32'>));
    const loss = nn.mseLoss(net.forward(x), t);
    if (backward) tape.backward(loss);
    return (await loss.value.read())[0]!;
  });
}

for (const b of await testBackends()) {
  describe(`conv net and attention against PyTorch (${b.name})`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    it('conv + batch norm + conv-transpose: loss, gradients, running statistics, evaluation', async () => {
      const be = await b.create();
      const net = convNet(be);
      nn.importState(
        net,
        Object.entries(fx.conv.initial).map(([name, t]) => ({ name, shape: t.shape, data: Float32Array.from(t.data) })),
      );
      const loss = await mse(be, net, true);
      expect(Math.abs(loss - fx.conv.loss), `loss ${loss} vs ${fx.conv.loss}`).toBeLessThanOrEqual(1e-4);
      for (const p of net.parameters())
        expectClose((await p.grad.read()) as Float32Array, fx.conv.grads[p.name]!, `∂${p.name}`);
      for (const buf of net.buffers())
        expectClose((await buf.value.read()) as Float32Array, fx.conv.running[buf.name]!, buf.name);
      net.setTraining(false);
      const evalLoss = await mse(be, net, false);
      expect(Math.abs(evalLoss - fx.conv.evalLoss), `eval loss ${evalLoss} vs ${fx.conv.evalLoss}`).toBeLessThanOrEqual(
        1e-4,
      );
      for (const p of net.parameters()) p.dispose();
      be.dispose();
    });

    it('softmax attention with a residual: loss and the gradients of every weight and of X', async () => {
      const be = await b.create();
      const { n, d, h } = fx.attention;
      const shapes = { Wq: [d, h], Wk: [d, h], Wv: [d, h], Wo: [h, d], X: [n, d] } as const;
      const params = Object.fromEntries(
        (['Wq', 'Wk', 'Wv', 'Wo', 'X'] as const).map((k) => [
          k,
          new nn.Parameter(
            k,
            be.tensor(
              Float32Array.from(k === 'X' ? fx.attention.X : fx.attention.weights[k]),
              shapes[k],
            ) as Tensor<'float32'>,
          ),
        ]),
      ) as Record<keyof typeof shapes, nn.Parameter>;
      const loss = await nn.withTape(be, async (tape) => {
        const v = (k: keyof typeof shapes) => tape.param(params[k]);
        const X = v('X');
        const q = nn.matmul(X, v('Wq'));
        const k = nn.matmul(X, v('Wk'));
        const val = nn.matmul(X, v('Wv'));
        const a = nn.softmaxLast(nn.scale(nn.matmul(q, k, { transB: true }), 1 / Math.sqrt(h)));
        const out = nn.add(nn.matmul(nn.matmul(a, val), v('Wo')), X);
        const T = tape.input(tape.own(be.tensor(Float32Array.from(fx.attention.T), [n, d]) as Tensor<'float32'>));
        const L = nn.mean(nn.mul(out, T));
        tape.backward(L);
        return (await L.value.read())[0]!;
      });
      expect(Math.abs(loss - fx.attention.loss)).toBeLessThanOrEqual(1e-5);
      for (const [k, p] of Object.entries(params))
        expectClose((await p.grad.read()) as Float32Array, fx.attention.grads[k as keyof typeof shapes], `∂${k}`);
      for (const p of Object.values(params)) p.dispose();
      be.dispose();
    });
  });
}
