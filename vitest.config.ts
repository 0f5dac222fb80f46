/**
 * The one vitest configuration: every package and app is a project (Node),
 * and the WebGPU kernel suite also runs in headless Debian Chromium on
 * SwiftShader (project `browser`, enabled with REPLICA_BROWSER_TESTS=1 since it
 * needs /usr/bin/chromium).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const source = '@replica/source';

function workspaceDirs(): string[] {
  return ['packages', 'apps']
    .flatMap((group) => readdirSync(join(root, group)).map((name) => `${group}/${name}`))
    .filter((dir) => existsSync(join(root, dir, 'package.json')));
}

const nodeProjects: TestProjectInlineConfiguration[] = [...workspaceDirs(), 'tooling'].map((dir) => ({
  extends: true,
  test: {
    name: dir.split('/').pop() as string,
    root: join(root, dir),
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/*.browser.test.ts', '**/node_modules/**', '**/dist/**'],
    environment: 'node',
  },
}));

const chromiumArgs = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const browserProject: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'browser',
    root,
    include: ['packages/*/src/**/*.browser.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
};

export default defineConfig({
  resolve: { conditions: [source, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [source, ...defaultServerConditions] } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: process.env.REPLICA_BROWSER_TESTS === '1' ? [...nodeProjects, browserProject] : nodeProjects,
  },
});
