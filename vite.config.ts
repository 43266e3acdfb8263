/// <reference types="vitest/config" />
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { defineConfig, searchForWorkspaceRoot, type UserConfig } from 'vite';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, chromiumExecutable } from './src/cli/chromium.ts';

// Unit tests run in Node; GPU tests run the real WGSL in headless Chromium on its
// software (SwiftShader) WebGPU adapter; end-to-end tests run in Node and drive the app
// page in that Chromium themselves (test/e2e/), with and without WebGPU.
export default defineConfig(async (): Promise<UserConfig> => ({
  // The CPU engine's worker is a module worker (src/ui/cpu-worker/cpu-workers.ts).
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // Fonts (KaTeX's) stay files: a small one would otherwise be inlined as a data: URL,
    // which the page's Content-Security-Policy (fonts from 'self' only) refuses.
    assetsInlineLimit: (file: string) => (/\.(woff2?|ttf)$/.test(file) ? false : undefined),
  },
  // The dev server may serve KaTeX's fonts from wherever the package really lives: a git
  // worktree can link node_modules from another checkout, outside this root.
  server: { fs: { allow: [searchForWorkspaceRoot(process.cwd()), dirname(createRequire(import.meta.url).resolve('katex/package.json'))] } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'cpu', include: ['test/**/*.test.ts'], exclude: ['test/gpu/**', 'test/e2e/**'], environment: 'node' as const },
      },
      {
        extends: true,
        test: {
          name: 'gpu',
          include: ['test/gpu/**/*.test.ts'],
          testTimeout: 120_000,
          // Under CI a missing adapter fails the GPU suite instead of skipping it.
          provide: { requireWebGpu: Boolean(process.env.CI) },
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: await chromiumExecutable(), args: chromiumArgs({ webgpu: true }) },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node' as const,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One step of a million weights on a software adapter can take over a second when
          // CI's two cores are busy: polls wait for the page, they do not time it.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
}));
