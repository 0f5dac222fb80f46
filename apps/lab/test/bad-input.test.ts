/**
 * Fuzzing the CLI in-process: every flag of every experiment (and of `run`, `bench`, `tour`)
 * with bad values of its kind, and every file input with files that are not what it reads
 * (a device, a FIFO, a folder, a missing file, garbage, a CSV with a trailing comma), must exit 2
 * with a message naming that flag, before computing anything; output paths that cannot be
 * written likewise. Then the values inside documented ranges that used to end in exit 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParamSpec } from '@replica/lab-kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli';
import { RUN_PARAMS } from '../src/host/context';
import { experiments } from '../src/plugins';

const dir = mkdtempSync(join(tmpdir(), 'lab-fuzz-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const fifo = join(dir, 'fifo');
spawnSync('mkfifo', [fifo]);
const folder = join(dir, 'folder');
mkdirSync(folder);
const aFile = file('plain.txt', 'hello\n');

/** Valid values of the inputs an experiment needs, so that a fuzzed flag is the only bad one. */
const COMPANIONS: Record<string, Record<string, string>> = {
  exact: { couplings: file('c.json', '{"J": [[0, 1], [1, 0]], "h": [0.1, 0]}') },
  'inverse-ising': { samples: file('s.txt', '1 -1 1\n-1 -1 1\n1 1 -1\n-1 1 1\n1 -1 -1\n') },
  'rbm-eval': {
    model: file(
      'm.json',
      JSON.stringify({
        visible: 2,
        hidden: 1,
        visibleType: 'bernoulli',
        hiddenType: 'bernoulli',
        W: [[0.1], [0.2]],
        visibleBias: [0, 0],
        hiddenBias: [0],
      }),
    ),
  },
};

/** Bad values of a flag of this kind (each must be refused naming the flag). */
function badValues(s: ParamSpec): string[] {
  switch (s.kind) {
    case 'int':
    case 'number': {
      const v = ['abc', 'NaN', 'Infinity', ''];
      if (s.kind === 'int') v.push('1.5');
      if (s.min !== undefined) v.push(String(s.min - (s.kind === 'int' ? 1 : Math.max(1e-3, Math.abs(s.min)))));
      if (s.max !== undefined) v.push(String(s.max + (s.kind === 'int' ? 1 : Math.max(1, Math.abs(s.max)))));
      return v;
    }
    case 'int-list':
    case 'number-list': {
      const v = ['', ',', '1,', ',1', '1,,2', 'x'];
      if (s.min !== undefined) v.push(`${s.min},${s.min - 1}`);
      if (s.max !== undefined) v.push(`${s.max + 1}`);
      return v;
    }
    case 'enum':
      return ['zzz', ''];
    case 'enum-list':
      return ['', `${s.values[0]},`, `,${s.values[0]}`, 'zzz', `${s.values[0]},${s.values[0]}`];
    case 'string':
      return [''];
    case 'path':
      if (s.role === 'output-file') return ['', '/dev/null', folder, `${aFile}/below.json`, '/proc/replica-x.json'];
      if (s.role === 'output-dir') return ['', aFile, `${aFile}/below`, '/proc/replica-x'];
      return ['', '/dev/zero', fifo, folder, join(dir, 'missing.json'), file('garbage.bin', '\u0000\u0001{[')];
    case 'flag':
      return [];
  }
}

let stderr = '';
let stdout = '';
beforeEach(() => {
  stderr = '';
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function run(args: readonly string[]): Promise<number> {
  return main(args);
}

describe('every flag of every experiment, with bad values', () => {
  for (const exp of experiments) {
    it(`run ${exp.name}: exits 2 naming the flag, before computing`, { timeout: 120_000 }, async () => {
      const companions = COMPANIONS[exp.name] ?? {};
      const specs = [...exp.params, ...RUN_PARAMS];
      let cases = 0;
      for (const s of specs) {
        for (const bad of badValues(s)) {
          const rest = Object.entries(companions)
            .filter(([k]) => k !== s.name)
            .flatMap(([k, v]) => [`--${k}`, v]);
          const args = ['run', exp.name, ...rest, `--${s.name}=${bad}`, '--quiet', '--backend', 'cpu'];
          if (s.name === 'backend') args.splice(-2, 2);
          const code = await run(args);
          expect({ args, code, stderr: stderr.trim() }).toMatchObject({ code: 2 });
          expect(stderr, `${args.join(' ')}`).toMatch(new RegExp(`^replica-lab: --${s.name}[: ]`));
          expect(stdout).toBe('');
          stderr = '';
          cases++;
        }
        if (s.kind === 'flag') {
          expect(await run(['run', exp.name, `--${s.name}=yes`])).toBe(2);
          expect(stderr).toMatch(new RegExp(`--${s.name}: takes no value`));
          stderr = '';
        }
      }
      expect(cases).toBeGreaterThan(10);
      // nothing was written where the bad output paths pointed
      expect(readdirSync(folder)).toEqual([]);
    });
  }
});

describe('file inputs that are not what they should be', () => {
  it.each([
    [
      ['run', 'exact', '--couplings', '/dev/zero'],
      /^replica-lab: --couplings: cannot read '\/dev\/zero': is a character device, not a regular file/,
    ],
    [['run', 'exact', '--couplings', fifo], /--couplings: cannot read '.*fifo': is a FIFO, not a regular file/],
    [
      ['run', 'exact', '--couplings', COMPANIONS.exact!.couplings!, '--max-input-mb', '0'],
      /--max-input-mb: expected an integer in \[1, 4096\]/,
    ],
    [
      ['run', 'rbm-train', '--data', file('trail.csv', '1,0,1,\n0,1,1,\n'), '--hidden', '2', '--epochs', '1'],
      /^replica-lab: --data: line 1 of .*trail\.csv has an empty value at position 4/,
    ],
    [
      ['run', 'rbm-train', '--data', file('lead.csv', ',1,0\n,0,1\n'), '--hidden', '2', '--epochs', '1'],
      /--data: line 1 of .*lead\.csv has an empty value at position 1/,
    ],
    [
      ['run', 'rbm-eval', '--model', file('broken.json', '{')],
      /^replica-lab: --model: '.*broken\.json' is not valid JSON/,
    ],
    [
      ['run', 'rbm-train', '--data', 'mnist', '--save', '/dev/null'],
      /^replica-lab: --save: cannot write '\/dev\/null': it is a character device/,
    ],
    [
      ['run', 'sampling', '--out', aFile],
      /^replica-lab: --out: cannot write '.*plain\.txt': it is a file, not a directory/,
    ],
    [['bench', '--out', `${aFile}/x`], /^replica-lab: --out: cannot write/],
    [['tour', '--out', '/proc/replica-tour'], /^replica-lab: --out: cannot write '\/proc\/replica-tour': '\/proc' is/],
  ])('%j exits 2 at once', { timeout: 60_000 }, async (args, message) => {
    const t = performance.now();
    expect(await run(args)).toBe(2);
    expect(stderr).toMatch(message);
    expect(performance.now() - t).toBeLessThan(20_000); // refused before any training or report
  });

  it('accepts a UTF-8 byte-order mark in JSON and text inputs', async () => {
    const bom = '\uFEFF';
    expect(
      await run(['run', 'exact', '--couplings', file('bom.json', `${bom}{"J": [[0, 1], [1, 0]]}`), '--json']),
    ).toBe(0);
    expect(JSON.parse(stdout).N).toBe(2);
    stdout = '';
    const samples = file('bom.txt', `${bom}1 -1 1\n-1 -1 1\n1 1 -1\n-1 1 1\n1 -1 -1\n-1 1 -1\n`);
    expect(await run(['run', 'inverse-ising', '--samples', samples, '--method', 'pseudo-likelihood', '--quiet'])).toBe(
      0,
    );
  });
});

describe('help anywhere, and the lists and backends the help describes', () => {
  it.each([
    [['list', '--help']],
    [['run', 'hopfield-retrieval', '-h']],
    [['run', 'hopfield-retrieval', '--seed', '1', '--help']],
    [['run', '--help']],
    [['bench', '--suite', 'rbm', '-h']],
    [['tour', '--bench-sizes', '1', '--help']],
    [['doctor', '-h']],
  ])('%j exits 0 with that command’s usage', async (args) => {
    expect(await run(args)).toBe(0);
    expect(stdout).toMatch(/replica-lab|--/);
    expect(stderr).toBe('');
  });

  it('refuses an empty --bench-sizes and an empty list item, as the help says', async () => {
    expect(await run(['tour', '--bench-sizes', ''])).toBe(2);
    expect(stderr).toMatch(/--bench-sizes: expected comma-separated integers/);
    stderr = '';
    expect(await run(['run', 'perceptron-generalization', '--students', 'hebb,'])).toBe(2);
    expect(stderr).toMatch(/--students: .* \(an empty item\)/);
  });

  it('--backend auto never picks a software adapter, even with --allow-software', async () => {
    expect(
      await run(['run', 'sampling', '--samples', '20000', '--backend', 'auto', '--allow-software', '--json']),
    ).toBe(0);
    expect(JSON.parse(stdout).backend).not.toMatch(/software/);
  });
});

describe('values inside the documented ranges that used to fail with exit 1', () => {
  it('curie-weiss --h 10: the root next to m = 1 (1 − m ≈ 10⁻¹⁹ rounds to 1)', async () => {
    expect(await run(['run', 'curie-weiss', '--h', '10', '--n', '200', '--json', '--backend', 'cpu'])).toBe(0);
    const d = JSON.parse(stdout);
    expect(JSON.stringify(d)).not.toMatch(/null|NaN/);
  });

  it('hopfield-retrieval --temperature 1e-310 (β = 1/T overflows): the T → 0 limit, zero-temperature dynamics', async () => {
    const base = ['run', 'hopfield-retrieval', '--n', '200', '--k', '10', '--seed', '7', '--json', '--backend', 'cpu'];
    expect(await run([...base, '--temperature', '1e-310'])).toBe(0);
    const tiny = JSON.parse(stdout);
    stdout = '';
    expect(await run([...base, '--temperature', '0'])).toBe(0);
    const zero = JSON.parse(stdout);
    expect(tiny.temperature).toBe(1e-310);
    expect(tiny.overlap).toBeTypeOf('number');
    expect(tiny.overlap).toBe(zero.overlap);
    expect(tiny.trajectory).toEqual(zero.trajectory);
  });

  it('hopfield-retrieval --rule projector --n 20 --k 30: exit 2, the patterns are linearly dependent', async () => {
    expect(await run(['run', 'hopfield-retrieval', '--rule', 'projector', '--n', '20', '--k', '30', '--quiet'])).toBe(
      2,
    );
    expect(stderr).toMatch(
      /^replica-lab: --k: the projector rule .* K = 30 patterns of N = 20 spins are linearly dependent/,
    );
  });

  it('learning-curve --lambda 0.05: the logistic prox converges at small λ', { timeout: 120_000 }, async () => {
    expect(await run(['run', 'learning-curve', '--lambda', '0.05', '--json'])).toBe(0);
  });

  it('inverse-ising on a duplicated column or a constant spin: exit 2 naming the method that has no finite answer', async () => {
    const dup = file('dup.txt', '1 -1 -1\n-1 1 1\n1 1 1\n-1 -1 -1\n1 -1 -1\n');
    const frozen = file('frozen.txt', '1 -1 1\n-1 1 1\n1 1 1\n-1 -1 1\n');
    for (const method of ['nmf', 'tap', 'boltzmann'] as const) {
      stderr = '';
      expect(await run(['run', 'inverse-ising', '--samples', dup, '--method', method, '--quiet'])).toBe(2);
      expect(stderr).toMatch(new RegExp(`--samples: ${method}: spins 1 and 2 are equal in every sample`));
      stderr = '';
      expect(await run(['run', 'inverse-ising', '--samples', frozen, '--method', method, '--quiet'])).toBe(2);
      expect(stderr).toMatch(new RegExp(`--samples: ${method}: spin 2 takes one value in every sample`));
    }
  });
});
