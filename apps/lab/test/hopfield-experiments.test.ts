/**
 * The Hopfield acceptance invocations through the CLI, exactly as written, against
 * independent references computed here or published values; and the image grid the CLI
 * renders to PNG. The experiments' other tests run in-process in packages/hopfield/src/lab.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { lab } from './lab-process';

const dir = mkdtempSync(join(tmpdir(), 'hopfield-exp-'));

/** Φ(x) from tables (Abramowitz & Stegun 26.2), for the N → ∞ fixed-point rate log 2Φ(D). */
const PHI: Record<number, number> = { 0.3: 0.6179114222, 0.9: 0.8159398747, 1.5: 0.9331927987 };

/** The exact annealed mean (2p)^N, p = P(D + S/√N > 0), S a sum of N − 1 fair ±1: by convolution. */
function annealedByConvolution(n: number, D: number): number {
  let dist = new Map<number, number>([[0, 1]]);
  for (let t = 0; t < n - 1; t++) {
    const next = new Map<number, number>();
    for (const [s, w] of dist) for (const d of [-1, 1]) next.set(s + d, (next.get(s + d) ?? 0) + w / 2);
    dist = next;
  }
  let p = 0;
  for (const [s, w] of dist) if (D + s / Math.sqrt(n) > 0) p += w;
  return (2 * p) ** n;
}

describe('replica-lab run hopfield-capacity', () => {
  it('collapses near α_c ≈ 0.138 at N = 2000 (acceptance invocation), reproducibly', () => {
    const args = [
      'run',
      'hopfield-capacity',
      '--n',
      '2000',
      '--alphas',
      '0.05,0.1,0.2',
      '--temperature',
      '0',
      '--trials',
      '2',
      '--seed',
      '3',
      '--json',
    ];
    const r = lab(args);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    // published: α_c = 0.138 (Amit, Gutfreund, Sompolinsky 1985)
    expect(d.alpha_c_theory).toBeCloseTo(0.138, 3);
    expect(d.points.map((p: { alpha: number }) => p.alpha)).toEqual([0.05, 0.1, 0.2]);
    const [a, b, c] = d.points;
    for (const p of d.points)
      expect(Object.keys(p)).toEqual(expect.arrayContaining(['alpha', 'm_sim', 'm_sim_std', 'm_theory']));
    // below α_c patterns are (nearly) fixed points: AGS m = 0.99999 and 0.998
    expect(a.m_sim).toBeGreaterThan(0.995);
    expect(b.m_sim).toBeGreaterThan(0.98);
    expect(a.m_theory).toBeGreaterThan(0.9999);
    expect(b.m_theory).toBeGreaterThan(0.99);
    // beyond α_c no retrieval state: the overlap falls to that of a spin-glass state
    expect(c.m_theory).toBe(0);
    expect(c.m_sim).toBeLessThan(0.5);
    expect(lab(args).stdout).toBe(r.stdout);
  });
});

describe('replica-lab run asymmetric-fixed-points', () => {
  it('mean counts agree with the exact annealed (2p)^N within 4 standard errors (acceptance invocation)', () => {
    const r = lab([
      'run',
      'asymmetric-fixed-points',
      '--n',
      '12',
      '--d',
      '0.3,0.9,1.5',
      '--instances',
      '300',
      '--seed',
      '5',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.points).toHaveLength(3);
    for (const p of d.points) {
      expect(p.N).toBe(12);
      expect(p.annealed_mean).toBeCloseTo(annealedByConvolution(12, p.D), 8);
      // the instance mean is unbiased for (2p)^N; 4σ leaves a ~6e-5 false-alarm rate per point
      expect(Math.abs(p.mean_count - p.annealed_mean)).toBeLessThanOrEqual(4 * p.stderr);
      expect(p.stderr).toBeGreaterThan(0);
      expect(p.log_per_spin_inf).toBeCloseTo(Math.log(2 * PHI[p.D]!), 8);
    }
  });
});

describe('replica-lab run dense-hopfield-mnist', () => {
  it('retrieves half-masked digits, with a non-increasing energy (acceptance invocation)', () => {
    const r = lab(['run', 'dense-hopfield-mnist', '--patterns', '50', '--mask-fraction', '0.5', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(d.accuracy).toBeLessThanOrEqual(1);
    expect(d.energy).toHaveLength(d.iterations + 1);
    // f32 energies of magnitude ~400 (½M² = 392): a 1e-3 slack for rounding
    for (let t = 1; t < d.energy.length; t++) {
      expect(d.energy[t]).toBeLessThanOrEqual(d.energy[t - 1] + 1e-3);
      // after one update the state is in the convex hull, where 0 ≤ E
      expect(d.energy[t]).toBeGreaterThanOrEqual(-1e-3);
    }
    expect(d.beta_source).toBe('theorem');
  });

  it('writes the image grid: an SVG embedding a PNG of 3 rows of 28×28 digits', () => {
    const out = join(dir, 'dense');
    const r = lab(['run', 'dense-hopfield-mnist', '--patterns', '20', '--show', '4', '--out', out, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const svg = readFileSync(join(out, 'dense-hopfield-mnist-digits.svg'), 'utf8');
    const b64 = /href="data:image\/png;base64,([^"]+)"/.exec(svg)?.[1];
    expect(b64).toBeDefined();
    const png = PNG.sync.read(Buffer.from(b64!, 'base64'));
    expect([png.width, png.height]).toEqual([4 * 29 + 1, 3 * 29 + 1]);
    expect(JSON.parse(readFileSync(join(out, 'dense-hopfield-mnist.json'), 'utf8')).patterns).toBe(20);
  });
});
