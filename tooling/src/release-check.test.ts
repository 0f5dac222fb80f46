/**
 * The release check (tooling/scripts/release-check.mjs) as part of the suite: the packed
 * packages install with npm outside the workspace, every entry imports, every README example
 * runs, every entry bundles for the browser without Node builtins or `webgpu`, and
 * @replica/hopfield installs nothing a hopfield user does not need. Needs `pnpm build` (and
 * the npm registry); CI sets REPLICA_REQUIRE_BUILD=1 so a missing build fails instead of skipping.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const built = ['webgpu-kernels', 'spin-core', 'lab-kit', 'hopfield', 'rbm', 'teacher-student', 'datasets'].every((p) =>
  existsSync(join(root, 'packages', p, 'dist', 'index.js')),
);
const required = process.env.REPLICA_REQUIRE_BUILD === '1';

describe.runIf(built || required)('release check', () => {
  it('packs, installs, imports, runs the READMEs and bundles for the browser', { timeout: 1_200_000 }, () => {
    expect(built, 'run `pnpm build` first').toBe(true);
    const r = spawnSync(process.execPath, [join(root, 'tooling/scripts/release-check.mjs')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 1_200_000,
    });
    process.stdout.write(r.stdout);
    expect(r.stdout).toMatch(/release check: ok/);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  });
});
