/**
 * The app page end to end: a Vite dev server on an ephemeral loopback port, and headless
 * Chromium (src/cli/chromium.ts) once with its software WebGPU adapter and otherwise without
 * any. Checks what a user would: which engine runs and why, the self-check verdicts, the
 * histogram moving while training, a bad input reported without stopping the run, the
 * buttons and the keyboard, the URL (bad values reported, the page still training;
 * autostart; hidden panels; the form writing the URL back), saving and loading files, and
 * no console errors (a CSP or Trusted Types violation is one); also that training goes on
 * without animation frames (hidden tabs get none), that axe-core finds no serious or
 * critical accessibility problem, and that the production build runs under the same
 * policy, its CPU engines in workers. Screenshots land in test-output/ (gitignored).
 *
 * Outside CI, a browser that turns out to have no WebGPU adapter skips the WebGPU case with
 * a warning; under CI=true it fails instead.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { SELF_CHECK_CASES } from '../../src/ui/self-check.ts';
import { download, OUTPUT, REQUIRE_WEBGPU, seriousAxeViolations, useDevServer, withPage, withProductionBuild, type OpenPage, type PageOptions } from './harness.ts';


const server = useDevServer();

type AppOptions = Omit<PageOptions, 'at'> & {
  at?: string;
  /** A query string for the dev server's page ("?…"). */
  query?: string;
};

/** The page (the dev server's unless `at` says otherwise) in a fresh browser: see `withPage`. */
function withApp(options: AppOptions, body: (app: OpenPage) => Promise<void>): Promise<void> {
  return withPage({ ...options, at: options.at ?? `${server.url}${options.query ?? ''}` }, body);
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

/** Steps the engine has taken, read from the page (for when nothing is drawn). */
async function engineSteps(page: Page): Promise<number> {
  return page.evaluate("document.querySelector('sparsewatch-app')._set?.engines[0].stepCount ?? -1") as Promise<number>;
}

/** Waits until a run has stopped and the page shows the step it stopped at. */
async function settledStep(page: Page): Promise<number> {
  await expect.poll(() => page.getByRole('button', { name: 'Pause' }).isDisabled(), { timeout: 20_000 }).toBe(true);
  await expect.poll(async () => (await stepShown(page)) === (await engineSteps(page))).toBe(true);
  return stepShown(page);
}

async function hasWebGpuAdapter(page: Page): Promise<boolean> {
  return page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter()));
}

const loadsGpuEngine = (requests: string[]) => requests.some((u) => u.includes('gpu-engine'));

/** Whether the CPU engines train in workers: their script was loaded and every run's engine is one. */
async function trainsInWorkers(page: Page, requests: string[]): Promise<boolean> {
  const devices = (await page.evaluate("document.querySelector('sparsewatch-app')._set?.engines.map((e) => e.deviceName) ?? []")) as string[];
  return requests.some((u) => u.includes('cpu-run-worker')) && devices.length > 0 && devices.every((d) => d.endsWith('in a worker)'));
}

/** Starts training and returns run 1's histogram canvas before and after twenty steps. */
async function canvasBeforeAndAfterTraining(page: Page, during?: () => Promise<void>): Promise<[Buffer, Buffer]> {
  const canvas = page.locator('sparsewatch-histogram canvas').first();
  await expect.poll(() => stepShown(page), { timeout: 10_000 }).toBe(0);
  const before = await canvas.screenshot();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => stepShown(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
  await during?.();
  return [before, await canvas.screenshot()];
}

describe('ui e2e: the app page', () => {
  test('with WebGPU: the GPU engine runs, the self-check passes, the histograms move', async (ctx) => {
    // 20,000 features: the default million takes seconds a step on a software adapter.
    await withApp({ webgpu: true, query: '?n=20000&autostart=0' }, async ({ page, requests }) => {
      if (!(await hasWebGpuAdapter(page))) {
        if (REQUIRE_WEBGPU) throw new Error('CI=true requires a WebGPU adapter in headless Chromium, and there is none');
        console.warn('e2e WebGPU case SKIPPED: this Chromium has no WebGPU adapter');
        ctx.skip();
      }
      const engine = await engineInfo(page);
      expect(await engine.getAttribute('data-engine')).toBe('webgpu');
      expect(await engine.textContent()).toMatch(/WebGPU adapter: \S+/);
      expect(await engine.textContent()).toContain('20,000 weights per run, 3 runs in lockstep');
      expect(await engine.textContent()).toContain('20,000 Gaussian features, 5 of them in the truth');

      const selfCheck = page.locator('section[data-state="done"]');
      await selfCheck.waitFor({ timeout: 30_000 });
      for (const { name } of SELF_CHECK_CASES) {
        const row = page.locator(`tr[data-rule="${name}"]`);
        expect(await row.getAttribute('data-result'), `${name}: ${await row.textContent()}`).toBe('pass');
      }
      expect(await selfCheck.getAttribute('data-passed')).toBe('true');

      const [before, after] = await canvasBeforeAndAfterTraining(page, async () => {
        // A bad value is reported next to the form; the run keeps its last good settings.
        const l1 = page.getByLabel('Run 1 λ1 (L1 strength)');
        await l1.fill('-1');
        await expect.poll(() => page.locator('#settings-error').textContent()).toContain('l1_1: got -1');
        expect(await l1.getAttribute('aria-invalid')).toBe('true');
        const stepAtError = await stepShown(page);
        await expect.poll(() => stepShown(page), { timeout: 20_000 }).toBeGreaterThan(stepAtError);
      });
      expect(after.equals(before), 'the histogram canvas changed while training').toBe(false);
      // L1 has exact zeros and L2 none, and the losses and the scatter have data.
      expect(Number(await page.locator('[data-zero]').getAttribute('data-zero'))).toBeGreaterThan(10_000);
      await expect.poll(() => page.locator('sparsewatch-scatter figcaption').textContent()).toMatch(/exactly 0 in Run 1 \(l1-prox\), 0 in Run 2/);
      expect(await page.locator('[data-panel="losses"]').count()).toBe(1);
      await page.screenshot({ path: `${OUTPUT}/e2e-webgpu.png`, fullPage: true });
      expect(loadsGpuEngine(requests)).toBe(true);

      // Turning runs 2 and 3 off takes a Reset, which rebuilds on the same WebGPU device (and
      // pauses the run first); the form's bad λ1 is mended first, or nothing would apply.
      await page.getByLabel('Run 1 λ1 (L1 strength)').fill('1');
      await page.getByLabel('Run 2 rule').selectOption('off');
      await page.getByLabel('Run 3 rule').selectOption('off');
      await page.getByRole('button', { name: 'Reset weights' }).click();
      await expect.poll(() => engine.textContent(), { timeout: 20_000 }).toContain('20,000 weights.');
      expect(await engine.getAttribute('data-engine')).toBe('webgpu');
      await page.getByRole('button', { name: 'Step' }).click();
      await expect.poll(() => stepShown(page)).toBe(1);
    });
  });

  test('without WebGPU: the CPU engine runs with the reason shown, and training advances', async () => {
    await withApp({ webgpu: false, query: '?autostart=0&steps=45' }, async ({ page, requests }) => {
      const engine = await engineInfo(page);
      expect(await engine.getAttribute('data-engine')).toBe('cpu');
      expect(await engine.locator('[data-device]').textContent()).toBe('CPU');
      expect(await engine.locator('[data-reason]').textContent()).toMatch(/^CPU fallback: .+/);
      expect(await engine.textContent()).toContain('20,000 weights per run, 3 runs in lockstep');
      expect(await page.locator('section[data-state="unavailable"]').textContent()).toContain('needs WebGPU');

      const [before, after] = await canvasBeforeAndAfterTraining(page);
      expect(after.equals(before), 'the histogram canvas changed while training').toBe(false);
      await page.screenshot({ path: `${OUTPUT}/e2e-cpu.png`, fullPage: true });

      // The run stops by itself after the 45 steps asked for; Reset and Step then work.
      await expect.poll(() => stepShown(page), { timeout: 20_000 }).toBe(45);
      expect(Number(await page.locator('[data-zero]').getAttribute('data-zero'))).toBeGreaterThan(10_000);
      await page.getByRole('button', { name: 'Reset weights' }).click();
      await expect.poll(() => stepShown(page)).toBe(0);
      await page.getByRole('button', { name: 'Step' }).click();
      await expect.poll(() => stepShown(page)).toBe(1);
      // The CPU path never loads the GPU engine, and trains off the page's thread.
      expect(loadsGpuEngine(requests)).toBe(false);
      expect(await trainsInWorkers(page, requests)).toBe(true);
    });
  });

  test('where workers cannot be had, the CPU engines train on the page’s own thread', async () => {
    await withApp({ webgpu: false, query: '?steps=5', initScript: 'delete window.Worker;' }, async ({ page, requests }) => {
      expect(await (await engineInfo(page)).getAttribute('data-engine')).toBe('cpu');
      await expect.poll(() => engineSteps(page), { timeout: 20_000 }).toBe(5);
      expect(await trainsInWorkers(page, requests)).toBe(false);
      const devices = await page.evaluate("document.querySelector('sparsewatch-app')._set.engines.map((e) => e.deviceName)");
      expect(devices).toEqual(['CPU (TypeScript, f32)', 'CPU (TypeScript, f32)', 'CPU (TypeScript, f32)']);
    });
  });

  test('training does not depend on requestAnimationFrame (which hidden tabs stop)', async () => {
    // A page whose animation frames never come, as in a background tab.
    await withApp({ webgpu: false, query: '?steps=30', initScript: 'window.requestAnimationFrame = () => 0;' }, async ({ page }) => {
      await engineInfo(page);
      // The default demo starts by itself. Nothing is drawn, so read the engine itself.
      await expect.poll(() => engineSteps(page), { timeout: 20_000 }).toBe(30);
    });
  });

  test('a URL with bad values: each is reported with its range, falls back, and the page still trains (autostart)', async () => {
    const query = '?l1_1=-1&steps=abc&rule1=l3&n=0&lamda=2&problem=mnist&hide=controls,sidebar';
    await withApp({ webgpu: false, query }, async ({ page }) => {
      const notice = page.locator('[data-url-problems]');
      await notice.waitFor();
      const text = (await notice.textContent())!;
      for (const words of [
        'l1_1: got "-1"; allowed: a finite number from 0 to 3.4e38. Using the default, 1.',
        'steps: got "abc"; allowed: a whole number from 0 to 1,000,000,000 (0: run until paused). Using the default, 0.',
        'rule1: got "l3"; allowed: one of none, l1, l1-clip, l1-prox, l2. Using the default, l1-prox.',
        'n: got "0"; allowed: a whole number from 1 to 16,777,216',
        'lamda: got "2"',
        'problem: got "mnist"',
        'hide: got "sidebar"',
      ]) {
        expect(text).toContain(words);
      }
      // The default demo trains without a click, with the defaults.
      await engineInfo(page);
      await expect.poll(() => stepShown(page), { timeout: 20_000 }).toBeGreaterThan(10);
      // hide=controls left the form out; the rest of the page is there.
      expect(await page.locator('sparsewatch-controls').count()).toBe(0);
      expect(Number(await page.locator('[data-zero]').getAttribute('data-zero'))).toBeGreaterThan(10_000);
    });
  });

  test('a lesson URL: autostart, size, seed and hidden panels; the form writes the URL back', async () => {
    await withApp({ webgpu: false, query: '?problem=walkthrough&n=4096&seed=7&rule2=none&steps=50&hide=self-check,files' }, async ({ page }) => {
      const engine = await engineInfo(page);
      expect(await engine.textContent()).toContain('4,096 weights per run');
      await expect.poll(() => stepShown(page), { timeout: 20_000 }).toBe(50);
      expect(await page.locator('[data-url-problems]').count()).toBe(0);
      expect(await page.locator('sparsewatch-self-check').count()).toBe(0);
      expect(await page.locator('sparsewatch-files').count()).toBe(0);
      expect(await page.getByLabel('Seed').inputValue()).toBe('7');
      expect(await page.getByLabel('Run 2 rule').inputValue()).toBe('none');
      // Changing a control replaces the URL (no new history entry), keeping the lesson's keys.
      const entries = await page.evaluate('history.length');
      await page.getByLabel('Run 1 λ1 (L1 strength)').fill('0.02');
      await expect.poll(() => new URL(page.url()).search).toBe('?problem=walkthrough&n=4096&seed=7&l1_1=0.02&rule2=none&steps=50&hide=self-check,files');
      expect(await page.evaluate('history.length')).toBe(entries);

      // Size and the runs apply on Reset, which builds new engines of the same kind.
      await page.getByLabel('Weights per run').fill('2000');
      await page.getByLabel('Run 2 rule').selectOption('off');
      await expect.poll(() => page.locator('sparsewatch-controls [role="status"]').textContent()).toBe('Reset weights to apply: 2,000 weights per run, runs 1.');
      await page.getByRole('button', { name: 'Reset weights' }).click();
      await expect.poll(() => engine.textContent()).toContain('2,000 weights.');
      expect(await page.locator('sparsewatch-stats th[scope="col"]').count()).toBe(1);
      expect(await page.locator('sparsewatch-controls [role="status"]').count()).toBe(0);
      await page.getByRole('button', { name: 'Step' }).click();
      await expect.poll(() => stepShown(page)).toBe(1);
    });
  });

  test('keyboard: space starts and pauses, s steps, r resets; not while typing in a field', async () => {
    await withApp({ webgpu: false, query: '?problem=walkthrough&steps=0&autostart=0', colorScheme: 'dark' }, async ({ page }) => {
      await engineInfo(page);
      await expect.poll(() => stepShown(page)).toBe(0);
      await page.locator('h1').click(); // focus on the page, not a control
      await page.keyboard.press('Space');
      await expect.poll(() => stepShown(page), { timeout: 20_000 }).toBeGreaterThan(20);
      await page.keyboard.press('Space');
      const paused = await settledStep(page);
      await page.keyboard.press('s');
      await expect.poll(() => stepShown(page)).toBe(paused + 1);
      await page.screenshot({ path: `${OUTPUT}/e2e-cpu-dark.png`, fullPage: true });
      await page.keyboard.press('r');
      await expect.poll(() => stepShown(page)).toBe(0);
      // Typing into a number field is typing, not a shortcut.
      const seed = page.getByLabel('Seed');
      await seed.fill('');
      await seed.press('s');
      await seed.press('Space');
      await page.waitForTimeout(300);
      expect(await stepShown(page)).toBe(0);
      expect(await page.getByRole('button', { name: 'Start' }).getAttribute('aria-keyshortcuts')).toBe('Space');
    });
  });

  test('files: metrics CSV, a checkpoint saved and loaded back, a malformed one refused; the scrubber looks back', async () => {
    await withApp({ webgpu: false, query: '?problem=walkthrough&n=1000&steps=120&autostart=0' }, async ({ page }) => {
      await engineInfo(page);
      await page.getByRole('button', { name: 'Start' }).click();
      await expect.poll(() => stepShown(page), { timeout: 20_000 }).toBe(120);

      const csv = await download(page, 'Metrics (CSV)');
      const lines = csv.toString('utf8').trim().split('\n');
      expect(lines[0]).toBe('step,run,rule,exact_zero_fraction,near_zero_fraction,near_zero_below,l1_norm,l2_norm_squared,loss,held_out_loss,support_f1');
      expect(lines.at(-1)).toMatch(/^120,run2,l2,0,/);
      expect(lines.find((l) => l.startsWith('120,run1,'))).toMatch(/^120,run1,l1-prox,1,1,/);
      expect((await download(page, 'Histograms (PNG)')).subarray(1, 4).toString()).toBe('PNG');

      const checkpoint = await download(page, 'Run 2 weights (safetensors)');
      const picker = page.getByLabel('Load a checkpoint');
      await picker.setInputFiles({ name: 'broken.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('not a checkpoint at all') });
      const message = page.locator('#files-message');
      await expect.poll(() => message.textContent()).toContain('broken.safetensors was not loaded. safetensors.header_length: got');
      expect(await stepShown(page)).toBe(120); // untouched

      await picker.setInputFiles({ name: 'run-b.safetensors', mimeType: 'application/octet-stream', buffer: checkpoint });
      await expect.poll(() => message.textContent()).toContain('Loaded run-b.safetensors: 1,000 weights saved at step 120');
      await expect.poll(() => stepShown(page)).toBe(0);
      // Run 2's weights (L2-shrunk, none zero) are now every run's start, and its rule run 1's.
      expect(await page.getByLabel('Run 1 rule').inputValue()).toBe('l2');
      expect(await page.locator('[data-zero]').getAttribute('data-zero')).toBe('0');

      // Look back: the histogram shows an earlier step while the scrubber is off Live.
      await page.getByRole('button', { name: 'Start' }).click();
      await expect.poll(() => stepShown(page), { timeout: 20_000 }).toBe(120);
      await page.getByLabel('Look back').fill('10');
      const heading = page.locator('sparsewatch-histogram h2').first();
      await expect.poll(() => heading.textContent()).toContain('looking back');
      const past = Number(/step (\d+)/.exec((await heading.textContent())!)![1]);
      expect(past).toBeGreaterThan(0);
      expect(past).toBeLessThan(120);
      expect(await page.locator('sparsewatch-heatmap output').textContent()).toBe(`step ${past}`);
      await page.getByRole('button', { name: 'Live' }).click();
      await expect.poll(() => heading.textContent()).toContain('step 120:');
      expect(await heading.textContent()).not.toContain('looking back');

      // A CSV table: a malformed one is refused with its row and column; a good one trains, with no F1.
      const csvPicker = page.getByLabel('Train on a CSV table');
      await csvPicker.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,y\n1,2,3\n4,x,6\n') });
      await page.getByLabel('Target column').selectOption('y');
      await page.getByRole('button', { name: 'Train on this table' }).click();
      await expect.poll(() => message.textContent()).toContain('bad.csv was not loaded. csv row 2 (line 3), column "b": got "x"');
      const rows = Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 11},5,${2 * (i % 7) + 1}`);
      await csvPicker.setInputFiles({ name: 'table.csv', mimeType: 'text/csv', buffer: Buffer.from(`x1,x2,constant,y\n${rows.join('\n')}\n`) });
      await page.getByLabel('Target column').selectOption('y');
      await page.getByRole('button', { name: 'Train on this table' }).click();
      await expect.poll(() => message.textContent()).toContain('Training on table.csv: 40 rows, 3 features, target “y”');
      await expect.poll(() => engineInfo(page).then((e) => e.textContent())).toContain('no support F1');
      await expect.poll(() => page.locator('[data-panel="losses"]').count()).toBe(1);
      expect(await page.locator('[data-panel="support"]').count()).toBe(0);
      expect(await page.getByLabel('Problem').inputValue()).toBe('csv');
    });
  });

  test.each(['light', 'dark'] as const)('axe-core finds no serious or critical accessibility violations (%s)', async (colorScheme) => {
    await withApp({ webgpu: false, bypassCSP: true, colorScheme, query: '?autostart=0' }, async ({ page }) => {
      await engineInfo(page);
      await page.getByRole('button', { name: 'Step' }).click();
      await expect.poll(() => stepShown(page)).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });

  test('the production build runs under the same Content-Security-Policy', async () => {
    // Lit's production build and Vite's bundling differ from the dev server's modules.
    await withProductionBuild(async (built) => {
      await withApp({ webgpu: false, at: `${built.url}?autostart=0` }, async ({ page, requests }) => {
        expect(await (await engineInfo(page)).getAttribute('data-engine')).toBe('cpu');
        await page.getByRole('button', { name: 'Step' }).click();
        await expect.poll(() => stepShown(page)).toBe(1);
        expect(loadsGpuEngine(requests)).toBe(false);
        // The worker's script too is admitted by the policy (its own Trusted Types policy).
        expect(await trainsInWorkers(page, requests)).toBe(true);
      });
    });
  });
});
