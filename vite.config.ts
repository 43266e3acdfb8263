/// <reference types="vitest/config" />
import { defineConfig, type UserConfig } from 'vite';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, chromiumExecutable } from './src/cli/chromium.ts';

// Unit tests run in Node; GPU tests run the real WGSL in headless Chromium on its
// software (SwiftShader) WebGPU adapter; end-to-end tests run in Node and drive the app
// page in that Chromium themselves (test/e2e/), with and without WebGPU.
export default defineConfig(async (): Promise<UserConfig> => ({
  build: { target: 'es2022' },
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
