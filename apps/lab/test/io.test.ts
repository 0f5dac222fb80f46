/**
 * The CLI's one writer and one input reader: writes that never replace what is not a regular
 * file and leave nothing behind (also when the writer is killed), outputs that appear
 * together, output paths checked before a run, and inputs read from regular files only.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@replica/lab-kit';
import { describe, expect, it } from 'vitest';
import {
  checkOutputPath,
  readFileForInput,
  removeStaleTemporaries,
  writeFileAtomic,
  writeOutputSet,
} from '../src/host/io';
import { root } from './lab-process';

const fresh = () => mkdtempSync(join(tmpdir(), 'lab-io-'));
const debris = (dir: string) => readdirSync(dir).filter((n) => /replica-(tmp|staging|probe)/.test(n));
const isRoot = process.getuid?.() === 0;

/** A PID that is certainly not alive: a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('writeFileAtomic', () => {
  it('replaces a regular file whole and leaves no temporary file', () => {
    const dir = fresh();
    const p = join(dir, 'a.json');
    writeFileAtomic(p, 'old');
    writeFileAtomic(p, 'new');
    expect(readFileSync(p, 'utf8')).toBe('new');
    expect(debris(dir)).toEqual([]);
  });

  it('never replaces a device, a directory, a FIFO or a symbolic link', () => {
    expect(() => writeFileAtomic('/dev/null', 'x')).toThrow(
      /refusing to replace '\/dev\/null': it is a character device/,
    );
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const dir = fresh();
    mkdirSync(join(dir, 'sub'));
    expect(() => writeFileAtomic(join(dir, 'sub'), 'x')).toThrow(/it is a directory/);
    spawnSync('mkfifo', [join(dir, 'fifo')]);
    expect(() => writeFileAtomic(join(dir, 'fifo'), 'x')).toThrow(/it is a FIFO/);
    writeFileSync(join(dir, 'target'), 'keep');
    symlinkSync(join(dir, 'target'), join(dir, 'link'));
    expect(() => writeFileAtomic(join(dir, 'link'), 'x')).toThrow(/it is a symbolic link/);
    expect(readFileSync(join(dir, 'target'), 'utf8')).toBe('keep');
    expect(debris(dir)).toEqual([]);
  });

  it('removes the temporary files of writers that died (a rerun cleans them), not those of live ones', () => {
    const dir = fresh();
    const dead = deadPid();
    writeFileSync(join(dir, `.m.json.${dead}.123.replica-tmp`), 'partial');
    writeFileSync(join(dir, `.out${'.replica-staging-'}${dead}-77`), 'partial');
    writeFileSync(join(dir, `.m.json.${process.pid}.9.replica-tmp`), 'mine, in progress');
    writeFileSync(join(dir, '.unrelated.tmp'), 'not ours');
    writeFileAtomic(join(dir, 'm.json'), '{}');
    expect(readdirSync(dir).sort()).toEqual([`.m.json.${process.pid}.9.replica-tmp`, '.unrelated.tmp', 'm.json']);
    removeStaleTemporaries(dir);
    expect(existsSync(join(dir, `.m.json.${process.pid}.9.replica-tmp`))).toBe(true);
  });
});

describe('writeOutputSet', () => {
  const files = [
    { name: 'a.svg', data: '<svg/>' },
    { name: 'b.png', data: new Uint8Array([1, 2, 3]) },
    { name: 'run.json', data: '{}' },
  ];

  it('creates a new folder with all the files at once, and fills an existing one, JSON last', () => {
    const dir = fresh();
    const out = join(dir, 'new', 'deeper');
    expect(writeOutputSet(out, files)).toEqual(files.map((f) => join(out, f.name)));
    expect(readdirSync(out).sort()).toEqual(['a.svg', 'b.png', 'run.json']);
    writeFileSync(join(out, 'other.txt'), 'kept');
    writeOutputSet(out, [{ name: 'a.svg', data: '<svg>2</svg>' }]);
    expect(readFileSync(join(out, 'a.svg'), 'utf8')).toBe('<svg>2</svg>');
    expect(readFileSync(join(out, 'other.txt'), 'utf8')).toBe('kept');
    expect(debris(out)).toEqual([]);
    expect(debris(join(dir, 'new'))).toEqual([]);
  });

  it('refuses a file in the way, or a target that is not a regular file, before renaming anything', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => writeOutputSet(join(dir, 'file'), files)).toThrow(/is a file, not a directory/);
    mkdirSync(join(dir, 'out'));
    mkdirSync(join(dir, 'out', 'b.png'));
    expect(() => writeOutputSet(join(dir, 'out'), files)).toThrow(/refusing to replace .*b\.png': it is a directory/);
    expect(readdirSync(join(dir, 'out'))).toEqual(['b.png']);
    expect(() => writeOutputSet(dir, [{ name: '../x', data: '' }])).toThrow(/not a plain name/);
  });
});

describe('checkOutputPath (before any computation)', () => {
  it('accepts new and existing files and folders under a writable folder, creating nothing', () => {
    const dir = fresh();
    checkOutputPath('save', join(dir, 'm.json'), 'output-file');
    checkOutputPath('save', join(dir, 'a', 'b', 'm.json'), 'output-file');
    checkOutputPath('out', join(dir, 'figs'), 'output-dir');
    checkOutputPath('out', dir, 'output-dir');
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['save', '/dev/null', 'output-file', /^--save: cannot write '\/dev\/null': it is a character device/],
    ['save', '<dir>', 'output-file', /^--save: cannot write '.*': it is a directory/],
    ['out', '<file>', 'output-dir', /^--out: cannot write '.*': it is a file, not a directory/],
    ['out', '<file>/below', 'output-dir', /^--out: cannot write '.*below': '.*file' is a file, not a directory/],
    ['save', '<file>/below.json', 'output-file', /^--save: cannot write .*: '.*file' is a file, not a directory/],
    ['out', '/proc/replica-out', 'output-dir', /^--out: cannot write '\/proc\/replica-out': '\/proc' is/],
  ] as const)('refuses --%s %s with a usage error naming the flag', (flag, path, role, message) => {
    const dir = fresh();
    writeFileSync(join(dir, 'file'), 'x');
    const p = path.replace('<dir>', dir).replace('<file>', join(dir, 'file'));
    expect(() => checkOutputPath(flag, p, role)).toThrow(UsageError);
    expect(() => checkOutputPath(flag, p, role)).toThrow(message);
  });

  it.skipIf(isRoot)('refuses a read-only folder (root writes into one, so this runs as a user)', () => {
    const dir = fresh();
    chmodSync(dir, 0o555);
    expect(() => checkOutputPath('out', join(dir, 'x'), 'output-dir')).toThrow(/is not writable/);
    chmodSync(dir, 0o755);
  });
});

describe('readFileForInput', () => {
  it('reads regular files and refuses devices, FIFOs, folders and files above the limit, at once', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'a.txt'), 'hello');
    expect(new TextDecoder().decode(readFileForInput(join(dir, 'a.txt')))).toBe('hello');
    expect(() => readFileForInput('/dev/zero')).toThrow(/is a character device, not a regular file/);
    spawnSync('mkfifo', [join(dir, 'fifo')]);
    // a FIFO with no writer would block an ordinary open: this one returns at once
    expect(() => readFileForInput(join(dir, 'fifo'))).toThrow(/is a FIFO, not a regular file/);
    expect(() => readFileForInput(dir)).toThrow(/is a directory/);
    expect(() => readFileForInput(join(dir, 'missing'))).toThrow(/no such file/);
    expect(() => readFileForInput(join(dir, 'a.txt'), 4)).toThrow(/above the input limit .* --max-input-mb/);
  });
});

describe('a writer killed mid-write (SIGKILL) leaves nothing a rerun does not clean', () => {
  it('outputs are whole or absent, the result JSON only with every figure, and no debris after the rerun', async () => {
    const dir = fresh();
    const out = join(dir, 'out');
    // a child writing three 8 MB figures and the JSON over and over, killed at a random moment
    const script = `
      import { writeOutputSet, writeFileAtomic } from ${JSON.stringify(join(root, 'apps/lab/src/host/io.ts'))};
      const big = (c) => new Uint8Array(8 << 20).fill(c);
      process.stdout.write('ready\\n');
      for (let k = 0; ; k++) {
        writeOutputSet(${JSON.stringify(out)}, [
          { name: 'f1.png', data: big(1) }, { name: 'f2.png', data: big(2) }, { name: 'f3.png', data: big(3) },
          { name: 'run.json', data: JSON.stringify({ k }) },
        ]);
        writeFileAtomic(${JSON.stringify(join(dir, 'model.json'))}, JSON.stringify({ k, pad: 'x'.repeat(8 << 20) }));
      }`;
    let leftSome = 0;
    // three kills, and more (up to ten) until one has landed inside a write: on a loaded machine
    // the first kills can all fall before the child's first write
    for (let trial = 0; trial < 10 && (trial < 3 || leftSome === 0); trial++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 150 + 170 * (trial % 3)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      if (existsSync(join(out, 'run.json'))) {
        JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
        for (const f of ['f1.png', 'f2.png', 'f3.png']) expect(statSync(join(out, f)).size).toBe(8 << 20);
      }
      if (existsSync(join(dir, 'model.json')))
        expect(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).pad).toHaveLength(8 << 20);
      // the writer spends nearly all its time inside writes, so the kill leaves a temporary behind
      if (debris(dir).length + (existsSync(out) ? debris(out).length : 0) > 0) leftSome++;
      // the rerun: the next writes into the same folders remove what the killed writer left
      writeFileAtomic(join(dir, 'model.json'), '{}');
      writeOutputSet(out, [{ name: 'run.json', data: '{}' }]);
      expect(debris(dir)).toEqual([]);
      expect(debris(out)).toEqual([]);
    }
    expect(leftSome).toBeGreaterThan(0); // the kills did land inside writes: the case was exercised
  }, 120_000);
});
