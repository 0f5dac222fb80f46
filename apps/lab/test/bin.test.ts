/**
 * The built CLI (`pnpm exec replica-lab`, i.e. bin/ → dist/ → the packages'
 * dist/): what users run. Needs `pnpm build`; CI sets REPLICA_REQUIRE_BUILD=1 so
 * a missing build fails instead of skipping.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const built =
  existsSync(join(root, 'apps/lab/dist/index.js')) && existsSync(join(root, 'packages/webgpu-kernels/dist/index.js'));
const required = process.env.REPLICA_REQUIRE_BUILD === '1';

describe.runIf(built || required)('built replica-lab', () => {
  it('pnpm exec replica-lab doctor --json: every kernel ok on every available backend', () => {
    expect(built, 'run `pnpm build` first').toBe(true);
    const r = spawnSync('pnpm', ['exec', 'replica-lab', 'doctor', '--json', '--quiet'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.ok).toBe(true);
    expect(d.kernels.every((k: { ok: boolean }) => k.ok)).toBe(true);
    if (process.env.REPLICA_REQUIRE_WEBGPU === '1') {
      expect(d.backends[1]).toMatchObject({ name: 'webgpu', available: true, adapter: { fallback: true } });
      expect(d.kernels.filter((k: { backend: string }) => k.backend === 'webgpu').length).toBeGreaterThanOrEqual(25);
    }
  });
});
