/**
 * The Hopfield experiments through the CLI, the acceptance invocations exactly as written,
 * against independent references computed here or published values.
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

  it('exits 2 when a load stores no pattern', () => {
    const r = lab(['run', 'hopfield-capacity', '--n', '16', '--alphas', '0.01', '--json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--alphas: α = 0.01 stores no pattern at N = 16/);
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

describe('replica-lab run hopfield-retrieval', () => {
  it('retrieves at low load and reports the trajectory, attractor and basin', () => {
    const r = lab([
      'run',
      'hopfield-retrieval',
      '--n',
      '500',
      '--k',
      '20',
      '--noise',
      '0.3',
      '--sweeps',
      '15',
      '--basin-points',
      '3',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.initial_overlap).toBeCloseTo(0.4, 10);
    expect(d.overlap).toBe(1);
    expect(d.trajectory).toHaveLength(15);
    expect(d.trajectory.at(-1)).toBe(1);
    expect(d.attractor).toEqual({ kind: 'pattern', patterns: [0] });
    expect(d.basin.map((b: { initial_overlap: number }) => b.initial_overlap)).toEqual([1, 0.5, 0]);
    expect(d.basin[0].final_overlap).toBe(1);
  });

  it('exits 2 on MNIST patterns with another N', () => {
    const r = lab(['run', 'hopfield-retrieval', '--patterns', 'mnist', '--n', '100', '--json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--n: MNIST patterns have N = 784/);
  });
});

describe('replica-lab run hopfield-phase-diagram', () => {
  it('draws T_g = 1 + √α and the AGS lines with their published endpoints', () => {
    const r = lab(['run', 'hopfield-phase-diagram', '--resolution', '3', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    for (const p of d.lines.spin_glass) expect(p.temperature).toBeCloseTo(1 + Math.sqrt(p.alpha), 12);
    // α_M(0) = α_c ≈ 0.138; α_c(T → 0) ≈ 0.051 (AGS 1987); both vanish as T → 1
    expect(d.lines.retrieval[0].alpha).toBeCloseTo(0.138, 3);
    expect(d.lines.global_minimum[0].alpha).toBeGreaterThan(0.049);
    expect(d.lines.global_minimum[0].alpha).toBeLessThan(0.055);
    expect(d.lines.retrieval.at(-1).alpha).toBeLessThan(1e-3);
  });
});

describe('replica-lab run hopfield-dreaming', () => {
  it('long dreaming keeps patterns that Hebb loses at α = 0.3', () => {
    const r = lab([
      'run',
      'hopfield-dreaming',
      '--n',
      '300',
      '--alphas',
      '0.3',
      '--times',
      '0,1000',
      '--noise',
      '0',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    const [hebb, dream] = d.points;
    expect(hebb.t).toBe(0);
    expect(hebb.m_sim).toBeLessThan(0.6);
    // t → ∞ is the projector: every stored pattern is a fixed point
    expect(dream.m_sim).toBe(1);
  });
});

describe('replica-lab bench --suite hopfield', () => {
  it('times the capacity sweeps beside the C loop and dense retrieval per backend', () => {
    const r = lab(
      [
        'bench',
        '--suite',
        'hopfield',
        '--pattern-size',
        '128',
        '--alpha',
        '0.1',
        '--replicas',
        '1,2',
        '--dense-size',
        '16',
        '--stored',
        '8',
      ].concat(['--queries', '4', '--backend', 'cpu', '--peers', 'c-gcc', '--min-time', '0.02', '--json']),
    );
    expect(r.status, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.suite).toBe('hopfield');
    const sweeps = b.rows.filter((x: { kernel: string }) => x.kernel === 'zero-temperature-pattern');
    for (const backend of ['cpu', 'cpu-js']) {
      const rows = sweeps.filter((x: { backend: string }) => x.backend === backend);
      expect(rows.map((x: { replicas: number; patterns: number }) => [x.replicas, x.patterns])).toEqual([
        [1, 13],
        [2, 13],
      ]);
      for (const row of rows) expect(row.sweepsPerSecond).toBeGreaterThan(0);
    }
    const dense = b.rows.filter((x: { kernel: string }) => x.kernel === 'dense-retrieval');
    expect(dense).toHaveLength(1);
    expect(dense[0]).toMatchObject({ backend: 'cpu', size: 16, stored: 8, queries: 4 });
    expect(dense[0].queriesPerSecond).toBeGreaterThan(0);
    const c = b.peers.find((p: { name: string }) => p.name === 'c-gcc');
    if (c.available) expect(b.ratios.filter((q: { peer: string }) => q.peer === 'c-gcc')).toHaveLength(4);
    else expect(c.reason).toMatch(/gcc|glauber/);
  });

  it('exits 2 on a peer the suite does not know', () => {
    const r = lab(['bench', '--suite', 'hopfield', '--peers', 'numpy-1thread', '--backend', 'cpu']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /--peers: the hopfield suite takes auto, none or a comma list of c-gcc, numpy, torch-cpu, torch-cuda/,
    );
  });
});
