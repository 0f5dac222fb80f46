/**
 * The perceptron-capacity experiments through the CLI, the acceptance invocations exactly as
 * written, against Cover's count (recomputed here with BigInt) and Gardner's α_c(0) = 2. The
 * in-process tests are beside the experiments (packages/teacher-student/src/lab/capacity.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { lab } from './lab-process';

/** C(P, N)/2^P = P(Bin(P − 1, ½) ≤ N − 1), exactly with BigInt. */
function cover(p: number, n: number): number {
  if (p <= n) return 1;
  let term = 1n;
  let sum = 0n;
  for (let k = 0; k < n; k++) {
    sum += term;
    term = (term * BigInt(p - 1 - k)) / BigInt(k + 1);
  }
  return Number(sum) / 2 ** (p - 1);
}

describe('replica-lab run perceptron-capacity', () => {
  it('matches Cover within 4σ at N = 40 (acceptance invocation), reproducibly', () => {
    const args = [
      'run',
      'perceptron-capacity',
      '--n',
      '40',
      '--alphas',
      '1.5,2,2.5',
      '--trials',
      '200',
      '--seed',
      '1',
      '--json',
    ];
    const r = lab(args);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.points.map((p: { alpha: number }) => p.alpha)).toEqual([1.5, 2, 2.5]);
    for (const p of d.points) {
      expect(Object.keys(p)).toEqual(expect.arrayContaining(['alpha', 'p_separable', 'p_separable_stderr', 'cover']));
      const c = cover(Math.round(p.alpha * 40), 40);
      expect(p.cover).toBeCloseTo(c, 14);
      const sigma = Math.sqrt((c * (1 - c)) / 200);
      expect(Math.abs(p.p_separable - c), `α = ${p.alpha}`).toBeLessThanOrEqual(4 * sigma + 1 / 200);
      expect(p.p_separable_stderr).toBeCloseTo(Math.sqrt((p.p_separable * (1 - p.p_separable)) / 200), 12);
    }
    expect(d.points[1].cover).toBe(0.5);
    expect(lab(args).stdout).toBe(r.stdout);
  });
});

describe('replica-lab run gardner-capacity', () => {
  it('gives α_c(0) = 2 and decreasing α_c(κ) (acceptance invocation), with the binary-weight literature values', () => {
    const r = lab(['run', 'gardner-capacity', '--kappas', '0,0.5,1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.points.map((p: { kappa: number }) => p.kappa)).toEqual([0, 0.5, 1]);
    expect(Math.abs(d.points[0].alpha_c - 2)).toBeLessThan(1e-9);
    // [(1 + κ²)Φ(κ) + κφ(κ)]⁻¹ at κ = 1 with Φ(1) = 0.8413447461, φ(1) = 0.2419707245 (tables)
    expect(d.points[2].alpha_c).toBeCloseTo(1 / (2 * 0.8413447461 + 0.2419707245), 8);
    expect(d.points[1].alpha_c).toBeLessThan(2);
    expect(d.points[2].alpha_c).toBeLessThan(d.points[1].alpha_c);
    expect(d.binary_perceptron_capacity).toBe(0.833);
    expect(d.binary_teacher_student_threshold).toBe(1.245);
  });
});
