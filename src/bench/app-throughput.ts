/**
 * Training throughput of the app page with every chart live against the same run with the
 * charts hidden (`hide=charts`, which also skips the loss measurements and scatter reads that
 * only charts show), in headless Chromium on a production build. A measurement that prints
 * figures, not a test: nothing here passes or fails.
 *
 * Both pages stay open, each in a browser of its own, and take turns: one trains for a
 * window of `--seconds` (Start, then Pause, then until its queued steps are done) while the
 * other waits paused, in the order on, off, off, on, … so that a machine whose load drifts
 * (other jobs on a shared machine come and go within seconds) loads both alike. Each page
 * first trains one `--warmup` window that is not counted. Prints each round, the steps per
 * second of each page over all its windows and their ratio, the median of the rounds' own
 * ratios, and a 95% bootstrap interval of the overall ratio (windows differ by tens of
 * percent on this machine even with nothing else running, so one figure alone says little).
 * On a shared machine whole seconds pass in which nothing runs at all (the development
 * machine froze for some 9.5 s every minute or so): a timer in this process notices, and a
 * round in which it ran more than STALL_MS late is printed but not counted. Windows are
 * short and rounds many so that enough rounds are left.
 *
 *   npm run bench:app -- [--cpu] [--query "n=20000"] [--seconds 5] [--warmup 5] [--rounds 12]
 *
 * --cpu runs without WebGPU (the CPU fallback); the query is added to both pages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { chromiumArgs, chromiumExecutable } from '../cli/chromium.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    cpu: { type: 'boolean', default: false },
    query: { type: 'string', default: '' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '12' },
  },
});
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
for (const [name, n] of [['seconds', seconds], ['warmup', warmup], ['rounds', rounds]] as const) {
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: got ${n}; allowed: a number > 0`);
}

const app = "document.querySelector('sparsewatch-app')";
const steps = (page: Page) => page.evaluate(`${app}._set?.engines[0]?.stepCount ?? -1`) as Promise<number>;
const settled = (page: Page) => page.evaluate(`Promise.all(${app}._set.engines.map((e) => e.settled())).then(() => true)`);

interface AppPage {
  browser: Browser;
  page: Page;
  /** The engine line, as the page shows it. */
  engine: string;
}

/** The app at `query`, waiting to be started, in a browser of its own. */
async function openPage(base: string, query: string): Promise<AppPage> {
  const browser = await chromium.launch({ executablePath: await chromiumExecutable(), args: chromiumArgs({ webgpu: !values.cpu }) });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await page.goto(`${base}?${query}`);
  const engine = page.locator('sparsewatch-app [data-engine]');
  await engine.waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Start' }).waitFor({ timeout: 60_000 });
  return { browser, page, engine: (await engine.textContent())!.replace(/\s+/g, ' ').trim() };
}

/** A timer this late means the whole machine stopped (this process waits on the browser, and its own timers run on time otherwise). */
const STALL_MS = 1_000;
/** Clicks wait this long: a frozen machine can hold a page for tens of seconds. */
const CLICK_TIMEOUT_MS = 180_000;

/** The longest gap between two ticks of a 100 ms timer since the last `take`. */
class StallWatch {
  #last = performance.now();
  #longest = 0;
  readonly #timer = setInterval(() => {
    const now = performance.now();
    this.#longest = Math.max(this.#longest, now - this.#last);
    this.#last = now;
  }, 100);

  take(): number {
    const longest = Math.max(this.#longest, performance.now() - this.#last);
    this.#longest = 0;
    return longest;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/** Trains for `seconds` from a pause, pauses, and waits for the steps queued by then: the steps, the time they took, and the longest stall. */
async function trainWindow({ page }: AppPage, seconds: number, watch: StallWatch): Promise<{ steps: number; ms: number; stallMs: number }> {
  const s0 = await steps(page);
  watch.take();
  const t0 = performance.now();
  await page.getByRole('button', { name: 'Start' }).click({ timeout: CLICK_TIMEOUT_MS });
  await page.waitForTimeout(seconds * 1000);
  await page.getByRole('button', { name: 'Pause' }).click({ timeout: CLICK_TIMEOUT_MS });
  await settled(page);
  const ms = performance.now() - t0;
  return { steps: (await steps(page)) - s0, ms, stallMs: watch.take() };
}

const perSecond = ({ steps: taken, ms }: { steps: number; ms: number }) => (taken * 1000) / ms;

interface Pair {
  on: { steps: number; ms: number };
  off: { steps: number; ms: number };
}

/** Resamplings of the rounds for the interval. */
const BOOTSTRAP_SAMPLES = 10_000;

/**
 * The 2.5th and 97.5th percentiles of on/off (steps over time, pooled as in the headline
 * figure) over rounds drawn with replacement: how far the figure could move on another run
 * of as many rounds, when windows on a shared machine differ by tens of percent.
 */
function bootstrapInterval(pairs: readonly Pair[]): [number, number] {
  const ratios = Array.from({ length: BOOTSTRAP_SAMPLES }, () => {
    const sum = { on: { steps: 0, ms: 0 }, off: { steps: 0, ms: 0 } };
    for (let k = 0; k < pairs.length; k++) {
      const pair = pairs[Math.floor(Math.random() * pairs.length)]!;
      for (const which of ['on', 'off'] as const) {
        sum[which].steps += pair[which].steps;
        sum[which].ms += pair[which].ms;
      }
    }
    return perSecond(sum.on) / perSecond(sum.off);
  }).sort((a, b) => a - b);
  return [ratios[Math.floor(0.025 * BOOTSTRAP_SAMPLES)]!, ratios[Math.floor(0.975 * BOOTSTRAP_SAMPLES)]!];
}

const outDir = await mkdtemp(`${tmpdir()}/sparsewatch-throughput-`);
try {
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true } });
  try {
    const base = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`;
    const extra = values.query.replace(/^\?/, '');
    const join = (...parts: string[]) => parts.filter(Boolean).join('&');
    // Every page waits for Start and trains until paused (steps=0), unless the query says otherwise.
    const on = await openPage(base, join(extra, 'autostart=0', 'steps=0'));
    let off: AppPage | null = null;
    try {
      off = await openPage(base, join(extra, 'autostart=0', 'steps=0', 'hide=charts'));
      console.log(on.engine);
      const watch = new StallWatch();
      try {
        await trainWindow(on, warmup, watch);
        await trainWindow(off, warmup, watch);
        const total = { on: { steps: 0, ms: 0 }, off: { steps: 0, ms: 0 } };
        const counted: Pair[] = [];
        const ratios: number[] = [];
        for (let round = 1; round <= rounds; round++) {
          const order = round % 2 === 1 ? (['on', 'off'] as const) : (['off', 'on'] as const);
          const pair = { on: { steps: 0, ms: 0 }, off: { steps: 0, ms: 0 } };
          let stallMs = 0;
          for (const which of order) {
            const result = await trainWindow(which === 'on' ? on : off!, seconds, watch);
            pair[which] = result;
            stallMs = Math.max(stallMs, result.stallMs);
          }
          const [rateOn, rateOff] = [perSecond(pair.on), perSecond(pair.off)];
          const kept = stallMs <= STALL_MS;
          if (kept) {
            for (const which of ['on', 'off'] as const) {
              total[which].steps += pair[which].steps;
              total[which].ms += pair[which].ms;
            }
            counted.push(pair);
            ratios.push(rateOn / rateOff);
          }
          console.log(
            `round ${round}: charts on ${rateOn.toPrecision(3)} steps/s, charts off ${rateOff.toPrecision(3)} steps/s (${((100 * rateOn) / rateOff).toFixed(1)}%)` +
              (kept ? '' : `; the machine stalled ${(stallMs / 1000).toFixed(1)} s: not counted`),
          );
        }
        if (ratios.length === 0) {
          console.log(`every round had a stall longer than ${STALL_MS} ms: nothing to report`);
        } else {
          ratios.sort((a, b) => a - b);
          const middle = ratios.length / 2;
          const median = ratios.length % 2 === 1 ? ratios[Math.floor(middle)]! : (ratios[middle - 1]! + ratios[middle]!) / 2;
          console.log(
            `over ${ratios.length} of ${rounds} rounds (windows of ${seconds} s): charts on ${perSecond(total.on).toPrecision(3)}, charts off ${perSecond(total.off).toPrecision(3)} steps/s; ` +
              `on/off = ${((100 * perSecond(total.on)) / perSecond(total.off)).toFixed(1)}% (median of the rounds: ${(100 * median).toFixed(1)}%)`,
          );
          const [low, high] = bootstrapInterval(counted);
          console.log(`95% bootstrap interval of on/off over the rounds: ${(100 * low).toFixed(1)}% to ${(100 * high).toFixed(1)}%`);
        }
      } finally {
        watch.stop();
      }
    } finally {
      await on.browser.close();
      await off?.browser.close();
    }
  } finally {
    await server.close();
  }
} finally {
  await rm(outDir, { recursive: true, force: true });
}
