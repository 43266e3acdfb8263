/**
 * The app page end to end: a Vite dev server on an ephemeral loopback port, and headless
 * Chromium (src/cli/chromium.ts) once with its software WebGPU adapter and once without
 * any. Checks what a user would: which engine runs and why, the self-check verdicts, the
 * histogram moving while training, a bad input reported without stopping the run, the
 * buttons, and no console errors (a CSP or Trusted Types violation is one); also that
 * training goes on without animation frames (hidden tabs get none) and that the production
 * build runs under the same policy. Screenshots land in test-output/ (gitignored).
 *
 * Outside CI, a browser that turns out to have no WebGPU adapter skips the WebGPU case with
 * a warning; under CI=true it fails instead.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Locator, type Page } from 'playwright-core';
import { build, createServer, preview, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromiumArgs, chromiumExecutable } from '../../src/cli/chromium.ts';
import { SELF_CHECK_CASES } from '../../src/ui/self-check.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUTPUT = `${ROOT}test-output`;
const REQUIRE_WEBGPU = Boolean(process.env.CI);

let server: ViteDevServer;
let url: string;
let cacheDir: string;

beforeAll(async () => {
  // A fresh dependency cache, as on a new clone: the first page load must not be the one
  // that makes Vite optimise dependencies and reload (and it leaves other runs' caches alone).
  cacheDir = await mkdtemp(`${tmpdir()}/sparsewatch-e2e-vite-`);
  server = await createServer({
    root: ROOT,
    cacheDir,
    logLevel: 'warn',
    clearScreen: false,
    server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false, watch: null },
    // Crawl the page's imports first: a dependency found later makes Vite reload the page.
    optimizeDeps: { entries: ['index.html'] },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  url = `http://127.0.0.1:${port}/`;
  await mkdir(OUTPUT, { recursive: true });
});

afterAll(async () => {
  await server?.close();
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

interface App {
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
}

interface AppOptions {
  webgpu: boolean;
  /** Script run in the page before its own (to stub browser APIs). */
  initScript?: string;
  at?: string;
}

/**
 * Opens the page in a fresh browser, runs `body`, then requires that the page logged no
 * console error, threw nothing and had no request fail; the browser is closed either way.
 */
async function withApp(options: AppOptions, body: (app: App) => Promise<void>): Promise<void> {
  const browser = await chromium.launch({ executablePath: await chromiumExecutable(), args: chromiumArgs({ webgpu: options.webgpu }) });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    if (options.initScript) await page.addInitScript(options.initScript);
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    await page.goto(options.at ?? url);
    await body({ page, requests });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}

/** The element naming the engine, once the engine has started. */
async function engineInfo(page: Page): Promise<Locator> {
  const engine = page.locator('[data-engine]');
  await engine.waitFor({ timeout: 20_000 });
  return engine;
}

async function stepShown(page: Page): Promise<number> {
  return Number(await page.locator('[data-step]').getAttribute('data-step'));
}

async function hasWebGpuAdapter(page: Page): Promise<boolean> {
  return page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter()));
}

const loadsGpuEngine = (requests: string[]) => requests.some((u) => u.includes('gpu-engine'));

/** Starts training and returns the histogram canvas before and after a few dozen steps. */
async function canvasBeforeAndAfterTraining(page: Page, during?: () => Promise<void>): Promise<[Buffer, Buffer]> {
  const canvas = page.locator('sparsewatch-histogram canvas');
  await expect.poll(() => stepShown(page), { timeout: 10_000 }).toBe(0);
  const before = await canvas.screenshot();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => stepShown(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(40);
  await during?.();
  return [before, await canvas.screenshot()];
}

describe('ui e2e: the app page', () => {
  test('with WebGPU: the GPU engine runs, the self-check passes, the histogram moves', async (ctx) => {
    await withApp({ webgpu: true }, async ({ page, requests }) => {
      if (!(await hasWebGpuAdapter(page))) {
        if (REQUIRE_WEBGPU) throw new Error('CI=true requires a WebGPU adapter in headless Chromium, and there is none');
        console.warn('e2e WebGPU case SKIPPED: this Chromium has no WebGPU adapter');
        ctx.skip();
      }
      const engine = await engineInfo(page);
      expect(await engine.getAttribute('data-engine')).toBe('webgpu');
      expect(await engine.textContent()).toMatch(/WebGPU adapter: \S+/);
      expect(await engine.textContent()).toContain('1,048,576 weights');

      const selfCheck = page.locator('section[data-state="done"]');
      await selfCheck.waitFor({ timeout: 30_000 });
      for (const { name } of SELF_CHECK_CASES) {
        const row = page.locator(`tr[data-rule="${name}"]`);
        expect(await row.getAttribute('data-result'), `${name}: ${await row.textContent()}`).toBe('pass');
      }
      expect(await selfCheck.getAttribute('data-passed')).toBe('true');

      const [before, after] = await canvasBeforeAndAfterTraining(page, async () => {
        // A bad value is reported next to the form; the run keeps its last good settings.
        const l1 = page.getByLabel('λ1 (L1 strength)');
        await l1.fill('-1');
        await expect.poll(() => page.locator('#settings-error').textContent()).toContain('l1: got -1');
        expect(await l1.getAttribute('aria-invalid')).toBe('true');
        const stepAtError = await stepShown(page);
        await expect.poll(() => stepShown(page), { timeout: 20_000 }).toBeGreaterThan(stepAtError);
      });
      expect(after.equals(before), 'the histogram canvas changed while training').toBe(false);
      await page.screenshot({ path: `${OUTPUT}/e2e-webgpu.png`, fullPage: true });
      expect(loadsGpuEngine(requests)).toBe(true);
    });
  });

  test('without WebGPU: the CPU engine runs with the reason shown, and training advances', async () => {
    await withApp({ webgpu: false }, async ({ page, requests }) => {
      const engine = await engineInfo(page);
      expect(await engine.getAttribute('data-engine')).toBe('cpu');
      expect(await engine.locator('[data-device]').textContent()).toBe('CPU');
      expect(await engine.locator('[data-reason]').textContent()).toMatch(/^CPU fallback: .+/);
      expect(await engine.textContent()).toContain('65,536 weights');
      expect(await page.locator('section[data-state="unavailable"]').textContent()).toContain('needs WebGPU');

      const [before, after] = await canvasBeforeAndAfterTraining(page);
      expect(after.equals(before), 'the histogram canvas changed while training').toBe(false);
      await page.screenshot({ path: `${OUTPUT}/e2e-cpu.png`, fullPage: true });

      // The run stops by itself after the default 200 steps; Reset and Step then work.
      await expect.poll(() => stepShown(page), { timeout: 20_000 }).toBe(200);
      await page.getByRole('button', { name: 'Reset weights' }).click();
      await expect.poll(() => stepShown(page)).toBe(0);
      await page.getByRole('button', { name: 'Step' }).click();
      await expect.poll(() => stepShown(page)).toBe(1);
      // The CPU path never loads the GPU engine.
      expect(loadsGpuEngine(requests)).toBe(false);
    });
  });

  test('training does not depend on requestAnimationFrame (which hidden tabs stop)', async () => {
    // A page whose animation frames never come, as in a background tab.
    await withApp({ webgpu: false, initScript: 'window.requestAnimationFrame = () => 0;' }, async ({ page }) => {
      await engineInfo(page);
      await page.getByRole('button', { name: 'Start' }).click();
      // Nothing is drawn, so read the engine itself (a private field, for this test only).
      const steps = () => page.evaluate("document.querySelector('sparsewatch-app')._engine.stepCount") as Promise<number>;
      await expect.poll(steps, { timeout: 20_000 }).toBe(200);
    });
  });

  test('the production build runs under the same Content-Security-Policy', async () => {
    // Lit's production build and Vite's bundling differ from the dev server's modules.
    const outDir = await mkdtemp(`${tmpdir()}/sparsewatch-e2e-dist-`);
    try {
      await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
      const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true } });
      try {
        const { port } = server.httpServer.address() as AddressInfo;
        await withApp({ webgpu: false, at: `http://127.0.0.1:${port}/` }, async ({ page, requests }) => {
          expect(await (await engineInfo(page)).getAttribute('data-engine')).toBe('cpu');
          await page.getByRole('button', { name: 'Step' }).click();
          await expect.poll(() => stepShown(page)).toBe(1);
          expect(loadsGpuEngine(requests)).toBe(false);
        });
      } finally {
        await server.close();
      }
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
