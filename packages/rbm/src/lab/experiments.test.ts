/**
 * The RBM experiments in-process (seeds derived as the CLI derives them, so the numbers are
 * those of `replica-lab run`): rbm-eval against a log Z computed independently here, the usage
 * errors, rbm-train on a toy data set by every method and hidden type, the image-grid specs of
 * an MNIST run, and rbm-classify. The acceptance invocations stay end-to-end in
 * apps/lab/test/rbm-experiments.test.ts.
 */
import type { ImageGridFigure } from '@replica/lab-kit';
import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { rbmClassifyExperiment, rbmEvalExperiment, rbmTrainExperiment } from './experiments';

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

/** The CLI's exit 2: the run rejects with a UsageError whose message (what follows `replica-lab: `) matches. */
async function expectUsageError(run: Promise<unknown>, message: RegExp): Promise<void> {
  await expect(run).rejects.toThrow(UsageError);
  await expect(run).rejects.toThrow(message);
}

/** 4×4 bars: a row or a column on, the classic toy data set (8 patterns, 10 copies each). */
function barsCsv(): string {
  const rows: string[] = [];
  for (let b = 0; b < 4; b++) {
    rows.push(Array.from({ length: 16 }, (_, t) => (Math.floor(t / 4) === b ? 1 : 0)).join(','));
    rows.push(Array.from({ length: 16 }, (_, t) => (t % 4 === b ? 1 : 0)).join(','));
  }
  return `${Array.from({ length: 10 }, () => rows.join('\n')).join('\n')}\n`;
}

/** The image grid called `name` among `figures`. */
function imageGrid(figures: readonly { name: string; type: string }[], name: string): ImageGridFigure {
  const f = figures.find((x) => x.name === name);
  expect(f, name).toBeDefined();
  expect(f!.type).toBe('image-grid');
  return f as ImageGridFigure;
}

/** Every value of every image of the grid. */
function gridValues(g: ImageGridFigure): number[] {
  return g.rows.flatMap((r) => r.images.flatMap((img) => Array.from(img)));
}

describe('rbm-eval / rbm-train in-process', () => {
  it('rbm-eval on a small spin/Gaussian model agrees with brute force, without data', async () => {
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
    const small = JSON.stringify({
      visible: 6,
      hidden: 2,
      visibleType: 'spin',
      hiddenType: 'gaussian',
      W,
      visibleBias: a,
      hiddenBias: c,
    });
    const { result } = await runExperiment(rbmEvalExperiment, ['--model', 'small.json', '--ais-steps', '300'], {
      inputs: { 'small.json': small },
    });
    const d = result.json as Record<string, number | null>;
    // the model stores float32 parameters: 1e-6 covers their rounding
    expect(d.logZExact).toBeCloseTo(bruteLogZ(W, a, c), 5);
    expect(d.avgLogLikelihood).toBeNull();
    expect(Math.abs(d.logZAis! - d.logZExact!)).toBeLessThan(4 * d.logZAisStderr! + 0.02);
    expect(Math.abs(d.logZAisReverse! - d.logZExact!)).toBeLessThan(4 * d.logZAisReverseStderr! + 0.02);
  });

  it('rejects bad models and incompatible methods with a usage error naming the flag', async () => {
    const bad = JSON.stringify({
      visible: 2,
      hidden: 1,
      visibleType: 'spin',
      hiddenType: 'softmax',
      W: [[1], [2]],
      visibleBias: [0, 0],
      hiddenBias: [0],
    });
    await expectUsageError(
      runExperiment(rbmEvalExperiment, ['--model', 'bad.json'], { inputs: { 'bad.json': bad } }),
      /--model: .*hiddenType/,
    );
    await expectUsageError(runExperiment(rbmEvalExperiment, []), /--model: required/);
    const ragged = JSON.stringify({
      visible: 2,
      hidden: 2,
      visibleType: 'spin',
      hiddenType: 'bernoulli',
      W: [[1, 2], [3]],
      visibleBias: [0, 0],
      hiddenBias: [0, 0],
    });
    await expectUsageError(
      runExperiment(rbmEvalExperiment, ['--model', 'ragged.json'], { inputs: { 'ragged.json': ragged } }),
      /model\.W\[1\]: expected 2 numbers/,
    );
    // (the data file mixing 0 and −1 is in data.test.ts)
    await expectUsageError(
      runExperiment(rbmTrainExperiment, ['--method', 'tap', '--visible-type', 'spin', '--epochs', '1']),
      /--method: tap needs/,
    );
  });

  it('trains on a CSV file by CD, PCD, TAP and with Gaussian or ReLU hidden units', { timeout: 240_000 }, async () => {
    const inputs = { 'bars.csv': barsCsv() };
    // Gaussian hidden units make p(v) ∝ e^{a·v + |c + Wᵀv|²/2}: unstable at η = 0.1 (|W| runs away),
    // so they train at η = 0.01
    for (const extra of [
      ['--method', 'cd', '--lr', '0.1'],
      ['--method', 'pcd', '--lr', '0.1'],
      ['--method', 'tap', '--lr', '0.1'],
      ['--method', 'cd', '--lr', '0.1', '--init', 'hopfield'], // W = ξ/√N from the first 8 rows: all 8 bars
      ['--hidden-type', 'gaussian', '--visible-type', 'spin', '--lr', '0.01'],
    ]) {
      const { result } = await runExperiment(
        rbmTrainExperiment,
        ['--data', 'bars.csv', '--hidden', '8', '--epochs', '100', '--batch', '10', '--eval-every', '100', ...extra],
        { inputs },
      );
      const d = result.json as {
        likelihood: string;
        trainRows: number;
        epochs: { logLikelihood?: number }[];
        final: { logLikelihood: number };
      };
      expect(d.likelihood).toBe('exact'); // 16 visible units: summed exactly over the visible layer
      expect(d.trainRows).toBe(80);
      expect(d.epochs.filter((e) => e.logLikelihood !== undefined)).toHaveLength(1);
      // 8 equiprobable patterns: the best model has log-likelihood log(1/8) = −2.08; independent
      // pixels give about −8.9; training must get well past half way
      expect(d.final.logLikelihood, extra.join(' ')).toBeGreaterThan(-5.3);
      // 16 units are 4×4 images: 20 samples in rows of 10, E[v | h] within the visible range
      const spin = extra.includes('spin');
      const samples = imageGrid(result.figures, 'rbm-train-samples');
      expect(samples).toMatchObject({ width: 4, height: 4, range: spin ? [-1, 1] : [0, 1] });
      expect(samples.rows.map((r) => r.images.length)).toEqual([10, 10]);
      for (const r of samples.rows) for (const img of r.images) expect(img).toHaveLength(16);
      for (const x of gridValues(samples)) {
        expect(x).toBeGreaterThanOrEqual(spin ? -1 : 0);
        expect(x).toBeLessThanOrEqual(1);
      }
      // the 8 filters in one row, on one symmetric scale ±max|W|
      const filters = imageGrid(result.figures, 'rbm-train-filters');
      expect(filters).toMatchObject({ width: 4, height: 4 });
      expect(filters.rows.map((r) => r.images.length)).toEqual([8]);
      const max = Math.max(...gridValues(filters).map(Math.abs));
      expect(filters.range).toEqual([-max, max]);
    }
    const big = await runExperiment(
      rbmTrainExperiment,
      [
        '--data',
        'bars.csv',
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
        '--hidden-type',
        'relu',
      ],
      { inputs },
    );
    expect(big.result.json.likelihood).toBe('exact'); // still 16 visible units
    expect(imageGrid(big.result.figures, 'rbm-train-filters').rows.map((r) => r.images.length)).toEqual([10, 10, 10]);
  });

  it('draws MNIST samples and filters as image-grid specs the host renders', { timeout: 240_000 }, async () => {
    // what the acceptance run's PNGs show (10 samples a row, 20 filters in rows of 10), in one short epoch
    const { result, artifacts } = await runExperiment(
      rbmTrainExperiment,
      [
        '--data',
        'mnist',
        '--hidden',
        '20',
        '--epochs',
        '1',
        '--train-size',
        '500',
        '--eval-rows',
        '100',
        '--sample-steps',
        '20',
        '--save',
        'model.json',
      ],
      { seed: 1 },
    );
    expect(result.json).toMatchObject({ likelihood: 'exact', trainRows: 500, visible: 784, saved: 'model.json' });
    expect(result.figures.map((f) => f.name)).toEqual([
      'rbm-train-likelihood',
      'rbm-train-samples',
      'rbm-train-filters',
    ]);
    const samples = imageGrid(result.figures, 'rbm-train-samples');
    expect(samples).toMatchObject({ width: 28, height: 28, range: [0, 1], scale: 2 });
    expect(samples.rows.map((r) => [r.label, r.images.length])).toEqual([
      ['chains 0–9', 10],
      ['chains 10–19', 10],
    ]);
    for (const r of samples.rows) for (const img of r.images) expect(img).toHaveLength(784);
    for (const x of gridValues(samples)) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    const filters = imageGrid(result.figures, 'rbm-train-filters');
    expect(filters).toMatchObject({ width: 28, height: 28, scale: 2 });
    expect(filters.rows.map((r) => [r.label, r.images.length])).toEqual([
      ['h 0–9', 10],
      ['h 10–19', 10],
    ]);
    // filter j is column j of the saved W (float32, saved as shortest round-tripping decimals),
    // on the scale ±max|W|
    const model = JSON.parse(artifacts.get('model.json') as string) as { W: number[][] };
    const max = Math.max(...model.W.flat().map((w) => Math.abs(Math.fround(w))));
    expect(filters.range).toEqual([-max, max]);
    const f17 = filters.rows[1]!.images[7]!;
    for (let i = 0; i < 784; i++) expect(f17[i]).toBe(Math.fround(model.W[i]![17]!));
  });
});

describe('rbm-classify in-process', () => {
  it('classifies held-out digits far above chance, with a consistent confusion matrix', {
    timeout: 240_000,
  }, async () => {
    const { result } = await runExperiment(rbmClassifyExperiment, [
      '--hidden',
      '100',
      '--epochs',
      '3',
      '--train-size',
      '4000',
    ]);
    const d = result.json as { testAccuracy: number; testRows: number; confusion: number[][] };
    // chance is 0.1; three epochs on 4000 digits already separate most classes
    expect(d.testAccuracy).toBeGreaterThan(0.5);
    const total = d.confusion.flat().reduce((s, x) => s + x, 0);
    expect(total).toBe(d.testRows);
    const diag = d.confusion.reduce((s, row, i) => s + row[i]!, 0);
    expect(diag / total).toBeCloseTo(d.testAccuracy, 12);
  });
});
