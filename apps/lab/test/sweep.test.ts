/**
 * Sweeps: grid expansion and seed derivation (properties), the acceptance invocations through
 * the CLI, resume without rerunning a finished task, refusing a mixed folder, failures with
 * retries and time limits, a sweep killed with SIGKILL midway and rerun, and the SLURM script.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc } from '@fast-check/vitest';
import { defineParams } from '@replica/lab-kit';
import { describe, expect, it } from 'vitest';
import { parseGrid, parseSeeds, sweepTasks } from '../src/sweep/grid';
import { lab, root } from './lab-process';

const SPECS = defineParams([
  { name: 'n', kind: 'int-list', min: 1, max: 100_000, help: '' },
  { name: 'alpha', kind: 'number', min: 0, max: 10, help: '' },
  { name: 'rule', kind: 'enum', values: ['hebb', 'projector'], help: '' },
  { name: 'flag', kind: 'flag', help: '' },
]);

const tmp = () => mkdtempSync(join(tmpdir(), 'replica-sweep-'));
const taskFiles = (dir: string) => readdirSync(join(dir, 'tasks')).sort();

describe('grids and seeds', () => {
  it('expands lists and ranges, validating every value as its flag would', () => {
    const g = parseGrid('n=100:400:100,1000; alpha=0.1:0.16:0.01 ;rule=hebb,projector', SPECS);
    expect(g).toEqual([
      { name: 'n', values: [100, 200, 300, 400, 1000] },
      { name: 'alpha', values: [0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16] },
      { name: 'rule', values: ['hebb', 'projector'] },
    ]);
    expect(parseGrid('n=100:1600:*2', SPECS)[0]!.values).toEqual([100, 200, 400, 800, 1600]);
    expect(parseGrid('alpha=0.01:1:log3', SPECS)[0]!.values).toEqual([0.01, 0.1, 1]);
    expect(parseSeeds('1..4,10')).toEqual([1, 2, 3, 4, 10]);
    const bad: [string, RegExp][] = [
      ['m=1,2', /--grid: 'm' is not a parameter of the experiment; its parameters: n, alpha, rule, flag/],
      ['alpha=0.5,20', /--grid: alpha=20: --alpha: expected a number in \[0, 10\], got 20/],
      ['n=1.5', /--grid: n=1.5/],
      ['rule=dreaming', /--grid: rule=dreaming/],
      ['flag=1', /'flag' is a flag, which cannot be swept/],
      ['alpha=0.3:0.1:0.1', /runs backwards/],
      ['alpha=0.1,0.1', /a value appears twice/],
      ['n=1;n=2', /'n' is given twice/],
      ['n', /'n' is not name=values/],
    ];
    for (const [text, message] of bad) expect(() => parseGrid(text, SPECS), text).toThrow(message);
    expect(() => parseSeeds('4..1')).toThrow(/runs backwards/);
    expect(() => parseSeeds('1,1')).toThrow(/lists a seed twice/);
    expect(() => parseSeeds('-1')).toThrow(/'-1' is not a non-negative integer/);
  });

  it('a task’s id and seed depend on its point and seed only: not on axis order, value order or other points', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 4 }),
        fc.uniqueArray(
          fc.integer({ min: 0, max: 1000 }).map((x) => x / 100),
          { minLength: 1, maxLength: 4 },
        ),
        fc.uniqueArray(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 3 }),
        (ns, alphas, seeds) => {
          const key = (t: { point: object; replicate: number }) => JSON.stringify([t.point, t.replicate]);
          const full = new Map(
            sweepTasks(
              [
                { name: 'n', values: ns },
                { name: 'alpha', values: alphas },
              ],
              seeds,
            ).map((t) => [key({ point: { n: t.point.n, alpha: t.point.alpha }, replicate: t.replicate }), t]),
          );
          // axes swapped and values reversed: the same tasks
          const swapped = sweepTasks(
            [
              { name: 'alpha', values: [...alphas].reverse() },
              { name: 'n', values: [...ns].reverse() },
            ],
            [...seeds].reverse(),
          );
          expect(swapped).toHaveLength(full.size);
          for (const t of swapped) {
            const f = full.get(key({ point: { n: t.point.n, alpha: t.point.alpha }, replicate: t.replicate }))!;
            expect([t.id, t.seed]).toEqual([f.id, f.seed]);
          }
          // a sub-grid: the same ids and seeds as in the full grid (adding points changes nothing)
          for (const t of sweepTasks(
            [
              { name: 'n', values: ns.slice(0, 1) },
              { name: 'alpha', values: alphas.slice(-1) },
            ],
            seeds.slice(0, 1),
          )) {
            const f = full.get(key(t))!;
            expect([t.id, t.seed]).toEqual([f.id, f.seed]);
          }
          // distinct tasks, distinct ids and seeds
          expect(new Set([...full.values()].map((t) => t.id)).size).toBe(full.size);
          expect(new Set([...full.values()].map((t) => t.seed)).size).toBe(full.size);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('replica-lab sweep', () => {
  it('runs, resumes without rerunning, merges, and refuses a folder of another grid (acceptance invocations)', () => {
    const dir = tmp();
    const args = [
      'sweep',
      'hopfield-capacity',
      '--grid',
      'n=200,400;alphas=0.1,0.14,0.18',
      '--seeds',
      '1..4',
      '--trials',
      '1',
      '--out',
      dir,
    ];
    const r = lab(args);
    expect(r.status, r.stderr).toBe(0);
    expect(taskFiles(dir)).toHaveLength(24);
    const before = taskFiles(dir).map((f) => readFileSync(join(dir, 'tasks', f), 'utf8'));
    // a rerun skips every finished task: the files are untouched
    const again = lab([...args, '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ tasks: 24, skipped: 24, finished: 0, failed: [] });
    expect(taskFiles(dir).map((f) => readFileSync(join(dir, 'tasks', f), 'utf8'))).toEqual(before);

    const m = lab(['sweep', 'merge', dir, '--json']);
    expect(m.status, m.stderr).toBe(0);
    const merged = JSON.parse(m.stdout);
    expect(merged.tasks).toEqual({ total: 24, finished: 24, failed: 0, pending: 0 });
    expect(merged.rows).toHaveLength(24);
    expect(merged.columns.slice(0, 5)).toEqual(['id', 'replicate', 'seed', 'n', 'alphas']);
    expect(merged.groups).toHaveLength(6);
    const g = merged.groups.find(
      (x: { point: { n: number; alphas: number } }) => x.point.n === 400 && x.point.alphas === 0.1,
    );
    expect(g.seeds).toBe(4);
    // deep in the retrieval phase the overlap is near 1 and near AGS
    expect(g.stats.m.mean).toBeGreaterThan(0.95);
    expect(Math.abs(g.stats.m.mean - g.stats.m_theory.mean)).toBeLessThan(0.05);
    expect(merged.plotted).toContain('m');
    for (const f of ['merged.json', 'rows.csv', 'rows.npy', 'sweep-m-vs-alphas.svg', 'sweep-m-vs-n.svg'])
      expect(existsSync(join(dir, 'merged', f)), f).toBe(true);
    expect(readFileSync(join(dir, 'merged', 'rows.csv'), 'utf8').split('\n')[0]).toBe(merged.columns.join(','));

    const status = lab(['sweep', 'status', dir, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ total: 24, finished: 24, failed: 0, pending: 0 });

    const other = lab([
      'sweep',
      'hopfield-capacity',
      '--grid',
      'n=200',
      '--seeds',
      '1..4',
      '--trials',
      '1',
      '--out',
      dir,
    ]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/holds a sweep with a different the grid.*refusing to mix results/);
    const flags = lab([...args.slice(0, -4), '--trials', '2', '--out', dir]);
    expect(flags.status).toBe(2);
    expect(flags.stderr).toMatch(/different the flags/);
  }, 240_000);

  it('records failures after their retries, and a time limit', () => {
    const dir = tmp();
    // α = 0.001 stores no pattern at N = 16: the experiment refuses it at run time
    const r = lab([
      'sweep',
      'hopfield-capacity',
      '--grid',
      'n=16,2000;alphas=0.001',
      '--seeds',
      '1',
      '--trials',
      '1',
      '--retries',
      '2',
      '--out',
      dir,
      '--json',
    ]);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.finished, r.stdout + r.stderr).toBe(1);
    expect(doc.failed).toHaveLength(1);
    expect(doc.failed[0].error).toMatch(/stores no pattern at N = 16/);
    const status = JSON.parse(lab(['sweep', 'status', dir, '--json']).stdout);
    expect(status).toMatchObject({ total: 2, finished: 1, failed: 1, pending: 0 });
    expect(status.failures[0].attempts).toBe(3);

    const slow = tmp();
    const t = lab([
      'sweep',
      'hopfield-capacity',
      '--grid',
      'n=3000;alphas=0.14',
      '--trials',
      '20',
      '--retries',
      '0',
      '--task-timeout',
      '0.2',
      '--out',
      slow,
      '--json',
    ]);
    expect(t.status).toBe(1);
    expect(JSON.parse(t.stdout).failed[0].error).toMatch(/timed out after 0.2 s/);
  }, 240_000);

  it('killed with SIGKILL midway and rerun: every task once, none lost, no partial file', async () => {
    const dir = tmp();
    const args = [
      'sweep',
      'hopfield-capacity',
      '--grid',
      'n=1500;alphas=0.05:0.16:0.01',
      '--seeds',
      '1..2',
      '--trials',
      '2',
      '--workers',
      '2',
      '--out',
      dir,
      '--quiet',
    ];
    const child = spawn(
      process.execPath,
      ['--conditions=@replica/source', '--import', 'tsx', 'apps/lab/test/cli-from-source.ts', ...args],
      {
        cwd: root,
        detached: true,
        stdio: 'ignore',
      },
    );
    const count = () =>
      existsSync(join(dir, 'tasks'))
        ? readdirSync(join(dir, 'tasks')).filter((f) => f.endsWith('.json') && !f.startsWith('.')).length
        : 0;
    const deadline = Date.now() + 120_000;
    while (count() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(count()).toBeGreaterThanOrEqual(3);
    // the whole process group, as a pre-empted job is killed
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const survivors = new Map(
      readdirSync(join(dir, 'tasks'))
        .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
        .map((f) => [f, readFileSync(join(dir, 'tasks', f), 'utf8')]),
    );
    expect(survivors.size).toBeLessThan(24);
    for (const text of survivors.values()) expect(() => JSON.parse(text)).not.toThrow();
    const r = lab([...args.slice(0, -1), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.skipped).toBe(survivors.size);
    expect(doc.skipped + doc.finished).toBe(24);
    const files = readdirSync(join(dir, 'tasks'));
    // no temporary file is left, and the finished tasks were not run again
    expect(files.filter((f) => !f.endsWith('.json') || f.startsWith('.'))).toEqual([]);
    expect(files).toHaveLength(24);
    for (const [f, text] of survivors) expect(readFileSync(join(dir, 'tasks', f), 'utf8')).toBe(text);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  }, 240_000);

  it('a merged capacity sweep finds α_c from the crossing of m(α) at N = 500 and 2000, beside AGS', () => {
    const dir = tmp();
    const r = lab([
      'sweep',
      'hopfield-capacity',
      '--grid',
      'n=500,2000;alphas=0.11:0.17:0.01',
      '--seeds',
      '1..4',
      '--trials',
      '2',
      '--workers',
      '2',
      '--out',
      dir,
      '--quiet',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const merged = JSON.parse(lab(['sweep', 'merge', dir, '--json', '--quiet']).stdout);
    const c = merged.crossings.filter(
      (x: { observable: string; along: string }) => x.observable === 'm' && x.along === 'alphas',
    );
    // one crossing: below it the larger network retrieves better, above it worse (its collapse is sharper)
    expect(c).toHaveLength(1);
    expect(c[0].between).toEqual([500, 2000]);
    expect(c[0].slope).toBeGreaterThan(0);
    // α_c(RS) = 0.138; at these sizes the crossing sits within a grid step of it (0.133 here)
    expect(Math.abs(c[0].at - 0.138)).toBeLessThan(0.01);
    // and the AGS line is beside the means: retrieval branch up to α_c, none above
    const at = (n: number, a: number) =>
      merged.groups.find((g: { point: { n: number; alphas: number } }) => g.point.n === n && g.point.alphas === a);
    expect(at(2000, 0.12).stats.m_theory.mean).toBeGreaterThan(0.99);
    expect(at(2000, 0.14).stats.m_theory.mean).toBe(0);
  }, 240_000);

  it('--executor slurm --dry-run prints the array job (acceptance invocation)', () => {
    const dir = tmp();
    const r = lab([
      'sweep',
      'hopfield-capacity',
      '--grid',
      'n=200',
      '--seeds',
      '1..2',
      '--executor',
      'slurm',
      '--dry-run',
      '--out',
      dir,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^#!\/bin\/bash\n/);
    expect(r.stdout).toContain('#SBATCH --array=0-1%32');
    expect(r.stdout).toContain('#SBATCH --time=01:00:00');
    expect(r.stdout).toMatch(/sweep slice '[^']+' --index "\$SLURM_ARRAY_TASK_ID" --count 2\n$/);
    const bad = lab(['sweep', 'hopfield-capacity', '--grid', 'n=200', '--dry-run', '--out', dir]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--dry-run: only with --executor slurm/);
    expect(lab(['sweep', '--help']).status).toBe(0);
    expect(lab(['sweep', 'hopfield-capacity', '--grid', 'n=200', '--n', '400', '--out', tmp()]).stderr).toMatch(
      /--n: swept by --grid/,
    );
  }, 120_000);
});
