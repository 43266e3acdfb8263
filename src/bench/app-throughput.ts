/**
 * Training throughput of the app page with every chart live against the same run with the
 * charts hidden (`hide=charts`, which also skips the loss measurements and scatter reads that
 * only charts show), in headless Chromium on a production build. Prints steps per second of
 * each, alternating the two over several rounds (a busy machine drifts), and their ratio.
 * A measurement that prints figures, not a test: nothing here passes or fails.
 *
 *   npm run bench:app -- [--cpu] [--query "n=20000"] [--seconds 20] [--warmup 5] [--rounds 3]
 *
 * --cpu runs without WebGPU (the CPU fallback); the query is added to both pages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { chromiumArgs, chromiumExecutable } from '../cli/chromium.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    cpu: { type: 'boolean', default: false },
    query: { type: 'string', default: '' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
  },
});
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
for (const [name, n] of [['seconds', seconds], ['warmup', warmup], ['rounds', rounds]] as const) {
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: got ${n}; allowed: a number > 0`);
}

const steps = (page: Page) => page.evaluate("document.querySelector('sparsewatch-app')._set?.engines[0]?.stepCount ?? -1") as Promise<number>;

/** Steps per second of one page load, over `seconds` after `warmup`. */
async function measure(base: string, query: string): Promise<{ rate: number; engine: string }> {
  const browser = await chromium.launch({ executablePath: await chromiumExecutable(), args: chromiumArgs({ webgpu: !values.cpu }) });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await page.goto(`${base}?${query}`);
    const engine = page.locator('sparsewatch-app [data-engine]');
    await engine.waitFor({ timeout: 60_000 });
    await page.waitForFunction("(document.querySelector('sparsewatch-app')._set?.engines[0]?.stepCount ?? 0) > 0", null, { timeout: 120_000 });
    await page.waitForTimeout(warmup * 1000);
    const [s0, t0] = [await steps(page), performance.now()];
    await page.waitForTimeout(seconds * 1000);
    const [s1, t1] = [await steps(page), performance.now()];
    return { rate: ((s1 - s0) * 1000) / (t1 - t0), engine: (await engine.textContent())!.replace(/\s+/g, ' ').trim() };
  } finally {
    await browser.close();
  }
}

const outDir = await mkdtemp(`${tmpdir()}/sparsewatch-throughput-`);
try {
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true } });
  try {
    const base = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`;
    const extra = values.query.replace(/^\?/, '');
    const join = (...parts: string[]) => parts.filter(Boolean).join('&');
    const on: number[] = [];
    const off: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const a = await measure(base, join(extra));
      const b = await measure(base, join(extra, 'hide=charts'));
      if (round === 1) console.log(a.engine);
      on.push(a.rate);
      off.push(b.rate);
      console.log(`round ${round}: charts on ${a.rate.toFixed(2)} steps/s, charts off ${b.rate.toFixed(2)} steps/s`);
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    console.log(`mean over ${rounds} rounds of ${seconds} s: charts on ${mean(on).toFixed(2)}, charts off ${mean(off).toFixed(2)} steps/s; on/off = ${((100 * mean(on)) / mean(off)).toFixed(1)}%`);
  } finally {
    await server.close();
  }
} finally {
  await rm(outDir, { recursive: true, force: true });
}
