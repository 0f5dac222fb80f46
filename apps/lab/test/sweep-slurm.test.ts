/**
 * SLURM for real: a one-node cluster on localhost (Debian's slurm-wlm and munge, started by
 * tooling/scripts/slurm-local.sh as root), a 9-task array of `hopfield-capacity` at N = 200
 * submitted by `sweep --executor slurm`, status while it runs, merged when done; the daemons
 * the test started are stopped by their PIDs. Skipped, with the reason, where it cannot run
 * (not root, or SLURM not installed) unless REPLICA_REQUIRE_SLURM=1 (the test command sets it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab, root } from './lab-process';

const script = join(root, 'tooling', 'scripts', 'slurm-local.sh');
const has = (b: string) => spawnSync('sh', ['-c', `command -v ${b}`]).status === 0;
const reason =
  process.getuid?.() !== 0
    ? 'not root (slurmd runs as root)'
    : !['slurmctld', 'slurmd', 'munged', 'sbatch'].every(has)
      ? 'slurm-wlm or munge is not installed'
      : null;
if (reason !== null && process.env.REPLICA_REQUIRE_SLURM === '1')
  throw new Error(`REPLICA_REQUIRE_SLURM=1 but SLURM cannot run here: ${reason}`);

describe.skipIf(reason !== null)(`a sweep as a SLURM job array${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const cluster = mkdtempSync(join(tmpdir(), 'replica-slurm-'));
  const saved = process.env.SLURM_CONF;
  beforeAll(() => {
    execFileSync('bash', [script, 'start', cluster], { encoding: 'utf8', timeout: 60_000 });
    process.env.SLURM_CONF = join(cluster, 'slurm.conf');
  });
  afterAll(() => {
    execFileSync('bash', [script, 'stop', cluster], { encoding: 'utf8', timeout: 60_000 });
    if (saved === undefined) delete process.env.SLURM_CONF;
    else process.env.SLURM_CONF = saved;
  });

  it('submits the array, reports status while it runs, and merges the results', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replica-sweep-slurm-'));
    const r = lab([
      'sweep',
      'hopfield-capacity',
      '--grid',
      'n=200;alphas=0.1,0.14,0.18',
      '--seeds',
      '1..3',
      '--trials',
      '1',
      '--backend',
      'cpu',
      '--executor',
      'slurm',
      '--max-running',
      '4',
      '--time',
      '00:05:00',
      '--mem',
      '1G',
      '--out',
      dir,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const submitted = JSON.parse(r.stdout);
    expect(submitted).toMatchObject({ executor: 'slurm', tasks: 9, pending: 9, arrayTasks: 9 });
    expect(readFileSync(join(dir, 'slurm', 'sweep.sbatch'), 'utf8')).toContain('#SBATCH --array=0-8%4');
    const deadline = Date.now() + 180_000;
    let status = { finished: 0, failed: 0, total: 9 };
    while (Date.now() < deadline) {
      status = JSON.parse(lab(['sweep', 'status', dir, '--json']).stdout);
      if (status.finished + status.failed === status.total) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    const logs = existsSync(join(dir, 'slurm'))
      ? readdirSync(join(dir, 'slurm'))
          .filter((f) => f.endsWith('.out'))
          .map((f) => `${f}: ${readFileSync(join(dir, 'slurm', f), 'utf8').trim()}`)
      : [];
    expect(status, logs.join('\n')).toMatchObject({ finished: 9, failed: 0 });
    // one log per array task, each saying its slice finished
    expect(logs).toHaveLength(9);
    for (const l of logs) expect(l).toMatch(/sweep slice \d\/9: 1 of 1 tasks finished/);
    const m = lab(['sweep', 'merge', dir, '--json']);
    expect(m.status, m.stderr).toBe(0);
    const merged = JSON.parse(m.stdout);
    expect(merged.tasks).toEqual({ total: 9, finished: 9, failed: 0, pending: 0 });
    expect(merged.groups.map((g: { seeds: number }) => g.seeds)).toEqual([3, 3, 3]);
  }, 240_000);
});
