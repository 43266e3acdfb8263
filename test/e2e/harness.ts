/**
 * What every end-to-end test file needs to reach the page: a Vite dev server on an ephemeral
 * loopback port for the file's tests (`useDevServer`), a fresh headless Chromium per page (src/cli/chromium.ts, with or without its
 * software WebGPU adapter) that fails the test on any console error, uncaught error or failed
 * request, the production build served by `vite preview`, and axe-core's verdict. The checks
 * themselves stay in the test files.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build, createServer, preview } from 'vite';
import { afterAll, beforeAll, expect } from 'vitest';
import { chromiumArgs, chromiumExecutable } from '../../src/cli/chromium.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where screenshots go (ignored by git). */
export const OUTPUT = `${ROOT}test-output`;
/** Outside CI a browser without a WebGPU adapter skips the WebGPU cases with a warning; under CI=true they fail. */
export const REQUIRE_WEBGPU = Boolean(process.env.CI);

export interface Served {
  /** The page's address, ending in '/'. */
  url: string;
  close(): Promise<void>;
}

/**
 * The dev server of a test file, started (and OUTPUT made) before its tests and closed after
 * them. Call at the file's top level; read `url` inside a test.
 */
export function useDevServer(): { readonly url: string } {
  let server: Served | undefined;
  beforeAll(async () => {
    server = await startDevServer();
    await mkdir(OUTPUT, { recursive: true });
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get url() {
      if (!server) throw new Error('the dev server is not started: read url inside a test');
      return server.url;
    },
  };
}

async function startDevServer(): Promise<Served> {
  // A fresh dependency cache, as on a new clone: the first page load must not be the one
  // that makes Vite optimise dependencies and reload (and it leaves other runs' caches alone).
  const cacheDir = await mkdtemp(`${tmpdir()}/sparsewatch-e2e-vite-`);
  const server = await createServer({
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
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await server.close();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/** Builds the app for production into a temporary folder and serves it while `body` runs. */
export async function withProductionBuild(body: (served: Served & { outDir: string }) => Promise<void>): Promise<void> {
  const outDir = await mkdtemp(`${tmpdir()}/sparsewatch-e2e-dist-`);
  try {
    await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true } });
    try {
      const { port } = server.httpServer.address() as AddressInfo;
      await body({ url: `http://127.0.0.1:${port}/`, outDir, close: () => server.close() });
    } finally {
      await server.close();
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

export interface PageOptions {
  webgpu: boolean;
  /** The address to open. */
  at: string;
  /** Script run in the page before its own (to stub browser APIs). */
  initScript?: string;
  colorScheme?: 'light' | 'dark';
  /** Only to inject axe-core, whose inline script the page's CSP rightly refuses. */
  bypassCSP?: boolean;
}

export interface OpenPage {
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
}

/** Clicks a save button and returns the bytes of the file it offers. */
export async function download(page: Page, button: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return readFile(await file.path());
}

/**
 * Opens the page in a fresh browser, runs `body`, then requires that the page logged no
 * console error, threw nothing and had no request fail; the browser is closed either way.
 */
export async function withPage(options: PageOptions, body: (open: OpenPage) => Promise<void>): Promise<void> {
  const browser = await chromium.launch({ executablePath: await chromiumExecutable(), args: chromiumArgs({ webgpu: options.webgpu }) });
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 1100 },
      colorScheme: options.colorScheme ?? 'light',
      bypassCSP: options.bypassCSP ?? false,
      acceptDownloads: true,
    });
    // A step that cannot happen fails with its own message, well inside the test's timeout.
    page.setDefaultTimeout(15_000);
    if (options.initScript) await page.addInitScript(options.initScript);
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    await page.goto(options.at);
    await body({ page, requests });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}

export interface AxeViolation {
  id: string;
  impact: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations in the page as it is now, within `include`
 * (shadow-DOM paths, as axe's `fromShadowDom` takes them) or the whole document. The page
 * must have been opened with `bypassCSP`.
 */
export async function seriousAxeViolations(page: Page, include?: string[][]): Promise<AxeViolation[]> {
  const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async (paths) => {
    type Result = { violations: { id: string; impact: string; nodes: { target: unknown }[] }[] };
    const axe = (window as unknown as { axe: { run: (context: unknown) => Promise<Result> } }).axe;
    const result = await axe.run(paths ? { include: paths.map((fromShadowDom) => ({ fromShadowDom })) } : document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  }, include ?? null)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
