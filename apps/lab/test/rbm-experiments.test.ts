/**
 * The RBM acceptance invocations through the CLI, exactly as written: rbm-train on MNIST (with
 * the PNGs and SVG `--out` receives, drawn by the CLI host) and rbm-eval of the saved model.
 * Every other RBM experiment test runs in-process in packages/rbm/src/lab/.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { lab } from './lab-process';

const dir = mkdtempSync(join(tmpdir(), 'rbm-exp-'));

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

  it('evaluates the saved model: exact log Z equals training’s, the AIS bracket holds it (acceptance invocation)', () => {
    const train = JSON.parse(readFileSync(join(out, 'rbm-train.json'), 'utf8'));
    const r = lab(['run', 'rbm-eval', '--model', model, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.logZExact).toBeCloseTo(train.final.logZ, 9);
    expect(d.logZ).toBe(d.logZExact);
    // AIS with its defaults (100 runs × 10 000 distributions): forward within 0.5 nats of exact;
    // reverse from exact samples (20 hidden units), so a bound; the bracket holds the exact value
    expect(d.aisChains).toBe(100);
    expect(d.aisSteps).toBe(10_000);
    expect(Math.abs(d.logZAis - d.logZExact)).toBeLessThan(0.5);
    expect(d.aisReverseStart).toBe('exact');
    expect(d.logZAisReverseIsBound).toBe(true);
    expect(d.logZAisReverseStderr).toBeGreaterThan(0);
    expect(d.logZBracket.lower).toBeLessThanOrEqual(d.logZExact);
    expect(d.logZBracket.upper).toBeGreaterThanOrEqual(d.logZExact);
    expect(d.logZExactInBracket).toBe(true);
    expect(d.aisWarnings).toEqual([]);
    expect(d.avgLogLikelihood).toBeCloseTo(train.final.testLogLikelihood, 9); // the test split, by default
  }, 300_000);
});
