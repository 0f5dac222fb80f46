/**
 * `bench --suite teacher-student` in-process without peers (the peers run in
 * apps/lab/test/bench-teacher-student.test.ts): our three rows at the sizes asked for, positive
 * rates, and the table and figure the host prints. No assertion on time.
 */
import { runBenchSuite } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { teacherStudentBench } from './bench';

describe('teacherStudentBench', () => {
  it('times our three solvers at the sizes asked for, and formats the report', async () => {
    const b = await runBenchSuite(
      teacherStudentBench,
      ['--logistic-dim', '12', '--ridge-dim', '16', '--amp-size', '120', '--amp-iterations', '4'],
      { minSeconds: 0.01 },
    );
    expect(b.suite).toBe('teacher-student');
    expect(b.backends.map((x) => x.name)).toEqual(['js']);
    expect(b.peers).toEqual([]);
    expect(b.ratios).toEqual([]);
    expect(b.skipped).toEqual([]);
    expect(b.rows.map((r) => [r.kernel, r.size, r.samples, r.backend, r.unit])).toEqual([
      ['logistic', 12, 48, 'js', 'fits'],
      ['ridge', 16, 32, 'js', 'fits'],
      ['gamp', 120, 156, 'js', 'iterations'],
    ]);
    for (const r of b.rows) {
      expect(r.perSecond).toBeGreaterThan(0);
      expect(r.secondsPerCall).toBeGreaterThan(0);
      expect(r.perSecond).toBeCloseTo((r.kernel === 'gamp' ? r.iterations! : 1) / r.secondsPerCall, 6);
    }
    const [logistic, , gamp] = b.rows;
    expect(logistic!.gradientNorm).toBeLessThanOrEqual(1e-9);
    expect(gamp!.iterations).toBe(4);
    expect(gamp!.overlap).toBeGreaterThan(0);

    const lines = teacherStudentBench.format(b);
    expect(lines.length).toBeGreaterThan(3);
    for (const kernel of ['logistic', 'ridge', 'gamp'])
      expect(lines.some((l) => l.startsWith(`${kernel} `) && l.includes(' js '))).toBe(true);
    const f = teacherStudentBench.figure(b);
    expect(f.type).toBe('bars');
    expect(f.name).toBe('bench-teacher-student');
    if (f.type !== 'bars') throw new Error('expected a bar figure');
    expect(f.bars.map((x) => x.group)).toEqual(['js', 'js', 'js']);
    expect(f.bars.map((x) => x.value)).toEqual(b.rows.map((r) => r.perSecond));
  });
});
