/**
 * `sparsewatch bench` (and `npm run bench`): the command-line runner of the update benchmark. It checks the options,
 * serves src/bench/ with a Vite dev server on an ephemeral loopback port, opens the page in
 * headless Chromium (software WebGPU adapter, src/cli/chromium.ts) and prints each result
 * as the page reports it, then the project's target ratios. The measuring happens in the
 * page (src/bench/); this file only starts, watches, prints and cleans up.
 *
 * Exit codes: 0 when every case ran (a missed target is still 0: this is a measurement,
 * not a test), 1 when a case or the page failed, 2 for bad options. `main` resolves to the
 * code; src/cli/sparsewatch.ts sets it.
 */
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { BENCH_REGULARISER } from '../bench/inputs.ts';
import { parseBenchArgs, USAGE, type BenchOptions } from '../bench/options.ts';
import { pageQuery, type BenchBridge, type BenchResult } from '../bench/protocol.ts';
import { jsonLine, TABLE_HEADER, tableRow, targetLines } from '../bench/report.ts';
import { ConfigError } from '../engine/config-error.ts';
import { chromiumArgs, chromiumExecutable } from './chromium.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE = 'src/bench/index.html';
const SILENCE_LIMIT_MINUTES = 10;

export async function main(args: readonly string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(args);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    console.error('Run `npm run bench -- --help` for the options.');
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const server = await startServer();
  try {
    const browser = await chromium.launch({ executablePath: await chromiumExecutable(), args: chromiumArgs({ webgpu: options.webgpu }) });
    try {
      const { port } = server.httpServer!.address() as AddressInfo;
      return await runPage(browser, `http://127.0.0.1:${port}/${PAGE}${pageQuery(options)}`, options);
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

async function startServer(): Promise<ViteDevServer> {
  const server = await createServer({
    root: ROOT,
    // Vite's info lines would land in stdout, between the JSON lines.
    logLevel: 'warn',
    clearScreen: false,
    server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false, watch: null },
    // Crawl the page's imports (TensorFlow.js) before serving it: a dependency discovered
    // later makes Vite reload the page, which would run the cases twice.
    optimizeDeps: { entries: [PAGE] },
  });
  await server.listen();
  return server;
}

/** Runs the page to its end; resolves to the exit code. */
async function runPage(browser: Browser, url: string, options: BenchOptions): Promise<number> {
  const page = await browser.newPage();
  const results: BenchResult[] = [];
  let failures = 0;
  const fail = (message: string) => {
    failures++;
    console.error(`error: ${message}`);
  };

  let finish!: () => void;
  let abort!: (error: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    abort = reject;
  });
  finished.catch(() => undefined); // awaited below; this only keeps an early abort from being "unhandled"
  // The slowest step (TensorFlow.js cpu at the largest size) takes well under a minute, and
  // the page reports after every case: this long a silence means it hangs.
  let watchdog: NodeJS.Timeout | undefined;
  const heard = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => abort(new Error(`the benchmark page reported nothing for ${SILENCE_LIMIT_MINUTES} minutes`)), SILENCE_LIMIT_MINUTES * 60_000);
  };
  const bridge: BenchBridge = {
    benchStart: async (adapter) => {
      if (!options.json) {
        const { rule, lr, l1, l2 } = BENCH_REGULARISER;
        console.log(`update: rule ${rule} (elastic net), lr ${lr}, l1 ${l1}, l2 ${l2}; ${options.params.toLocaleString('en-US')} params`);
        console.log(`browser: Chromium ${browser.version()}; WebGPU adapter: ${adapter ?? 'none'}\n`);
        console.log(TABLE_HEADER);
      }
    },
    benchNote: async (message) => console.error(`note: ${message}`),
    benchResult: async (result) => {
      results.push(result);
      console.log(options.json ? jsonLine(result) : tableRow(result));
    },
    benchCaseFailed: async (label, message) => fail(`${label}: ${message}`),
    benchDone: async () => finish(),
  };
  for (const [name, callback] of Object.entries(bridge)) {
    await page.exposeFunction(name, (...args: unknown[]) => {
      heard();
      return (callback as (...args: unknown[]) => Promise<void>)(...args);
    });
  }

  page.on('pageerror', (error) => abort(new Error(`the benchmark page threw: ${error.message}`)));
  page.on('crash', () => abort(new Error('the benchmark page crashed (out of memory?)')));
  page.on('console', (message) => {
    if (message.type() === 'error') fail(`browser console: ${message.text()}`);
    else if (message.type() === 'warning') console.error(`browser warning: ${message.text()}`);
  });

  heard();
  try {
    await page.goto(url);
    await finished;
  } catch (error) {
    fail((error as Error).message);
    return 1;
  } finally {
    clearTimeout(watchdog);
  }
  if (!options.json) console.log(['', 'targets:', ...targetLines(results).map((line) => `  ${line}`)].join('\n'));
  return failures > 0 ? 1 : 0;
}
