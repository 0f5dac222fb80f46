/**
 * The RBM experiments through the CLI: the acceptance invocations exactly as written, checked
 * against exact log Z computed independently here, and the usage errors.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { lab } from './lab-process';

const dir = mkdtempSync(join(tmpdir(), 'rbm-exp-'));

/** log Z of a spin-visible, Gaussian-hidden RBM by brute force over v (closed-form Gaussian integrals). */
function bruteLogZ(W: number[][], a: number[], c: number[]): number {
  const n = a.length;
  const k = c.length;
  const terms: number[] = [];
  for (let s = 0; s < 1 << n; s++) {
    let e = 0;
    const v = Array.from({ length: n }, (_, i) => ((s >> i) & 1 ? 1 : -1));
    for (let i = 0; i < n; i++) e += a[i]! * v[i]!;
    for (let j = 0; j < k; j++) {
      let x = c[j]!;
      for (let i = 0; i < n; i++) x += v[i]! * W[i]![j]!;
      e += 0.5 * x * x + 0.5 * Math.log(2 * Math.PI);
    }
    terms.push(e);
  }
  const m = Math.max(...terms);
  return m + Math.log(terms.reduce((acc, t) => acc + Math.exp(t - m), 0));
}

describe('replica-lab run rbm-train / rbm-eval', () => {
  const model = join(dir, 'cd20.json');
  const out = join(dir, 'train-out');

  it('trains 20 hidden units by CD-1 for 30 epochs with the exact likelihood every epoch (acceptance invocation)', () => {
    const r = lab([
      'run',
      'rbm-train',
      '--data',
      'mnist',
      '--hidden',
      '20',
      '--method',
      'cd',
      '--epochs',
      '30',
      '--seed',
      '1',
      '--json',
      '--save',
      model,
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.likelihood).toBe('exact');
    expect(d.epochs).toHaveLength(30);
    for (const e of d.epochs) {
      for (const k of ['epoch', 'logLikelihood', 'pseudoLikelihood', 'reconstructionError', 'seconds'])
        expect(typeof e[k], k).toBe('number');
      expect(e.logLikelihoodStderr).toBeUndefined(); // exact: no standard error
      expect(e.logLikelihood).toBeLessThan(0);
    }
    // the independent-pixel model of binarized MNIST sits near −206 nats; scikit-learn's
    // BernoulliRBM with 20 hidden units reaches about −204 (its defaults) to −208 (our batch and
    // rate) on this split (bench --suite rbm); CD-1 here must be well above both
    expect(d.final.logLikelihood).toBeGreaterThan(-185);
    expect(d.final.testLogLikelihood).toBeGreaterThan(-190);
    expect(d.epochs[29].logLikelihood).toBeGreaterThan(d.epochs[0].logLikelihood);
    const png = PNG.sync.read(readFileSync(join(out, 'rbm-train-samples.png')));
    expect(png.width).toBe(10 * 29 + 1);
    const filters = PNG.sync.read(readFileSync(join(out, 'rbm-train-filters.png')));
    expect(filters.height).toBe(2 * 29 + 1); // 20 filters in rows of 10
    expect(existsSync(join(out, 'rbm-train-likelihood.svg'))).toBe(true);
  }, 300_000);

  it('evaluates the saved model: exact log Z equals training’s, AIS agrees within its error (acceptance invocation)', () => {
    const train = JSON.parse(readFileSync(join(out, 'rbm-train.json'), 'utf8'));
    const r = lab(['run', 'rbm-eval', '--model', model, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.logZExact).toBeCloseTo(train.final.logZ, 9);
    expect(d.logZ).toBe(d.logZExact);
    // forward AIS: 4 standard errors plus 0.5 nats for the heavy tail of its weights at 1000 steps
    expect(Math.abs(d.logZAis - d.logZExact)).toBeLessThan(4 * d.logZAisStderr + 0.5);
    expect(d.avgLogLikelihood).toBeCloseTo(train.final.testLogLikelihood, 9); // the test split, by default
  }, 300_000);

  it('rbm-eval on a small spin/Gaussian model agrees with brute force, without data', () => {
    const W = [
      [0.3, -0.2],
      [0.1, 0.4],
      [-0.5, 0.2],
      [0.2, 0.1],
      [0.0, -0.3],
      [0.25, 0.05],
    ];
    const a = [0.1, -0.2, 0.05, 0, 0.3, -0.1];
    const c = [0.2, -0.1];
    const file = join(dir, 'small.json');
    writeFileSync(
      file,
      JSON.stringify({
        visible: 6,
        hidden: 2,
        visibleType: 'spin',
        hiddenType: 'gaussian',
        W,
        visibleBias: a,
        hiddenBias: c,
      }),
    );
    const r = lab(['run', 'rbm-eval', '--model', file, '--json', '--ais-steps', '300']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    // the model stores float32 parameters: 1e-6 covers their rounding
    expect(d.logZExact).toBeCloseTo(bruteLogZ(W, a, c), 5);
    expect(d.avgLogLikelihood).toBeNull();
    expect(Math.abs(d.logZAis - d.logZExact)).toBeLessThan(4 * d.logZAisStderr + 0.02);
    expect(Math.abs(d.logZAisReverse - d.logZExact)).toBeLessThan(4 * d.logZAisReverseStderr + 0.02);
  });

  it('exits 2 naming the flag on bad models and data', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        visible: 2,
        hidden: 1,
        visibleType: 'spin',
        hiddenType: 'softmax',
        W: [[1], [2]],
        visibleBias: [0, 0],
        hiddenBias: [0],
      }),
    );
    const r1 = lab(['run', 'rbm-eval', '--model', bad]);
    expect(r1.status).toBe(2);
    expect(r1.stderr).toMatch(/--model: .*hiddenType/);
    const r2 = lab(['run', 'rbm-eval']);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/--model: required/);
    const ragged = join(dir, 'ragged.json');
    writeFileSync(
      ragged,
      JSON.stringify({
        visible: 2,
        hidden: 2,
        visibleType: 'spin',
        hiddenType: 'bernoulli',
        W: [[1, 2], [3]],
        visibleBias: [0, 0],
        hiddenBias: [0, 0],
      }),
    );
    expect(lab(['run', 'rbm-eval', '--model', ragged]).stderr).toMatch(/model\.W\[1\]: expected 2 numbers/);
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, '0 1 1\n-1 1 1\n');
    const r3 = lab(['run', 'rbm-train', '--data', mixed, '--hidden', '2', '--epochs', '1']);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/--data: .*mixes 0 and −1/);
    const r4 = lab(['run', 'rbm-train', '--method', 'tap', '--visible-type', 'spin', '--epochs', '1']);
    expect(r4.status).toBe(2);
    expect(r4.stderr).toMatch(/--method: tap needs/);
  });

  it('trains on a CSV file by CD, PCD, TAP and with Gaussian or ReLU hidden units', () => {
    const file = join(dir, 'bars.csv');
    // 4×4 bars: a row or a column on, the classic toy data set
    const rows: string[] = [];
    for (let b = 0; b < 4; b++) {
      rows.push(Array.from({ length: 16 }, (_, t) => (Math.floor(t / 4) === b ? 1 : 0)).join(','));
      rows.push(Array.from({ length: 16 }, (_, t) => (t % 4 === b ? 1 : 0)).join(','));
    }
    writeFileSync(file, `${Array.from({ length: 10 }, () => rows.join('\n')).join('\n')}\n`);
    // Gaussian hidden units make p(v) ∝ e^{a·v + |c + Wᵀv|²/2}: unstable at η = 0.1 (|W| runs away),
    // so they train at η = 0.01
    for (const extra of [
      ['--method', 'cd', '--lr', '0.1'],
      ['--method', 'pcd', '--lr', '0.1'],
      ['--method', 'tap', '--lr', '0.1'],
      ['--method', 'cd', '--lr', '0.1', '--init', 'hopfield'], // W = ξ/√N from the first 8 rows: all 8 bars
      ['--hidden-type', 'gaussian', '--visible-type', 'spin', '--lr', '0.01'],
    ]) {
      const r = lab([
        'run',
        'rbm-train',
        '--data',
        file,
        '--hidden',
        '8',
        '--epochs',
        '100',
        '--batch',
        '10',
        '--eval-every',
        '100',
        '--json',
        ...extra,
      ]);
      expect(r.status, r.stderr).toBe(0);
      const d = JSON.parse(r.stdout);
      expect(d.likelihood).toBe('exact'); // 16 visible units: summed exactly over the visible layer
      expect(d.trainRows).toBe(80);
      expect(d.epochs.filter((e: { logLikelihood?: number }) => e.logLikelihood !== undefined)).toHaveLength(1);
      // 8 equiprobable patterns: the best model has log-likelihood log(1/8) = −2.08; independent
      // pixels give about −8.9; training must get well past half way
      expect(d.final.logLikelihood, extra.join(' ')).toBeGreaterThan(-5.3);
    }
    const big = lab([
      'run',
      'rbm-train',
      '--data',
      file,
      '--hidden',
      '30',
      '--epochs',
      '2',
      '--batch',
      '10',
      '--ais-chains',
      '20',
      '--ais-steps',
      '100',
      '--json',
      '--hidden-type',
      'relu',
    ]);
    expect(big.status, big.stderr).toBe(0);
    expect(JSON.parse(big.stdout).likelihood).toBe('exact'); // still 16 visible units
  });
});

describe('replica-lab run rbm-classify', () => {
  it('classifies held-out digits far above chance, with a consistent confusion matrix', () => {
    const r = lab(['run', 'rbm-classify', '--hidden', '100', '--epochs', '3', '--train-size', '4000', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    // chance is 0.1; three epochs on 4000 digits already separate most classes
    expect(d.testAccuracy).toBeGreaterThan(0.5);
    const total = d.confusion.flat().reduce((s: number, x: number) => s + x, 0);
    expect(total).toBe(d.testRows);
    const diag = d.confusion.reduce((s: number, row: number[], i: number) => s + row[i]!, 0);
    expect(diag / total).toBeCloseTo(d.testAccuracy, 12);
  });
});
