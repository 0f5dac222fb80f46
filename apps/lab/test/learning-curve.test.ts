/**
 * `learning-curve` through the CLI: students on the data models, simulation beside theory where the
 * package has one, the theory-less combinations labelled, and the flag validation.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lab } from './lab-process';

interface Point {
  alpha: number;
  samples: number;
  test_error_sim: number;
  test_error_sim_stderr: number;
  test_error_theory: number | null;
}

describe('replica-lab run learning-curve', () => {
  it('Hebb on ±1 inputs with label flips follows its theory, reproducibly, and writes the figure', () => {
    const out = mkdtempSync(join(tmpdir(), 'learning-curve-'));
    const args = [
      'run',
      'learning-curve',
      '--student',
      'hebb',
      '--inputs',
      'spin',
      '--teacher',
      'perceptron',
      '--flip',
      '0.1',
      '--n',
      '200',
      '--alphas',
      '0.5,2,5',
      '--trials',
      '6',
      '--seed',
      '1',
      '--json',
    ];
    const r = lab([...args, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.metric).toBe('classification');
    expect(d.teacher).toEqual({ kind: 'perceptron', flip: 0.1 });
    for (const p of d.points as Point[]) {
      expect(p.test_error_theory).not.toBeNull();
      // 4σ plus 0.015 for the O(1/N) shift of R at N = 200
      expect(Math.abs(p.test_error_sim - p.test_error_theory!), `α = ${p.alpha}`).toBeLessThan(
        4 * p.test_error_sim_stderr + 0.015,
      );
    }
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['learning-curve.svg']));
    expect(lab(args).stdout).toBe(r.stdout);
  });

  it('ridge on hidden-manifold inputs and a committee teacher: the error falls, no theory line', () => {
    const r = lab([
      'run',
      'learning-curve',
      '--student',
      'ridge',
      '--inputs',
      'hidden-manifold',
      '--latent-dim',
      '40',
      '--teacher',
      'committee',
      '--teacher-hidden',
      '2',
      '--n',
      '80',
      '--alphas',
      '0.5,4',
      '--trials',
      '3',
      '--seed',
      '2',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.metric).toBe('mse');
    expect(d.theory_note).toMatch(/no closed form/);
    const [a, b] = d.points as Point[];
    expect(a!.test_error_theory).toBeNull();
    expect(b!.test_error_sim + 4 * b!.test_error_sim_stderr).toBeLessThan(a!.test_error_sim);
  });

  it('exits 2 on contradictory flags', () => {
    const base = ['run', 'learning-curve', '--n', '20', '--alphas', '1', '--trials', '1', '--json'];
    const cases: [string[], RegExp][] = [
      [['--teacher', 'perceptron', '--noise', '0.5'], /--noise/],
      [['--teacher', 'linear', '--flip', '0.1'], /--flip/],
      [['--student', 'hebb', '--teacher', 'linear'], /hebb/],
      [['--student', 'logistic', '--lambda', '0'], /--lambda/],
      [['--student', 'ridge', '--lambda', '0', '--teacher', 'linear'], /interpolation/],
    ];
    for (const [extra, msg] of cases) {
      const r = lab([...base, ...extra]);
      expect(r.status, extra.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });
});

describe('replica-lab run learning-curve --student logistic', () => {
  it('logistic regression on the flipped perceptron follows the replica theory (4σ + 0.015)', () => {
    const r = lab([
      'run',
      'learning-curve',
      '--student',
      'logistic',
      '--lambda',
      '0.1',
      '--teacher',
      'perceptron',
      '--flip',
      '0.05',
      '--n',
      '150',
      '--alphas',
      '0.5,2,4',
      '--trials',
      '4',
      '--seed',
      '3',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.theory_note).toMatch(/logistic/);
    // 0.015: the O(1/N) bias at N = 150 (≈ 0.1/N measured) and the held-out set's binomial floor
    for (const p of d.points as Point[])
      expect(Math.abs(p.test_error_sim - p.test_error_theory!), `α = ${p.alpha}`).toBeLessThan(
        4 * p.test_error_sim_stderr + 0.015,
      );
    expect(d.points[2].test_error_theory).toBeLessThan(d.points[0].test_error_theory);
  });
});
