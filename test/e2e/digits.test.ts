/**
 * The digits problem in the app page, end to end, on WebGPU (the software adapter) and on the
 * CPU fallback: a lesson URL with a small network (`?problem=digits&hidden=32&autostart=1`)
 * starts training by itself, the engine badge names the engine and the network, held-out
 * accuracy rises well above chance (10%), the first-layer grid draws one labelled 28×28-tile
 * canvas per run and its pixels change as training goes on, the per-layer charts are there,
 * no console error, and axe-core finds no serious or critical problem; on the CPU, run 1
 * saved (weights and biases) and loaded back starts all three runs at its accuracy. Screenshots
 * land in test-output/ (gitignored).
 *
 * Outside CI, a browser with no WebGPU adapter skips the WebGPU case with a warning; under
 * CI=true it fails instead.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { decodeCheckpoint } from '../../src/data/checkpoint.ts';
import { download, OUTPUT, REQUIRE_WEBGPU, seriousAxeViolations, useDevServer, withPage } from './harness.ts';

const QUERY = '?problem=digits&hidden=32&autostart=1';
/** Three times chance: a network that learns nothing stays near 10%. */
const LEARNED = 0.3;

const server = useDevServer();

/** Run r's latest held-out accuracy, as the digits table carries it (NaN before the first score). */
async function heldOutAccuracy(page: Page, run: number): Promise<number> {
  const value = await page.locator(`sparsewatch-digits tr[data-run="${run}"]`).getAttribute('data-held-out-accuracy');
  return value === null || value === '' ? NaN : Number(value);
}

async function checkDigitsPage(page: Page, engineKind: 'webgpu' | 'cpu'): Promise<void> {
  const engine = page.locator('[data-engine]');
  // Page load, the device, the digits and five kernels compiled on a software adapter: slow on a busy machine.
  await engine.waitFor({ timeout: 45_000 });
  expect(await engine.getAttribute('data-engine')).toBe(engineKind);
  expect(await engine.textContent()).toContain('784-32-10 network');
  expect(await engine.textContent()).toContain('25,408 weights per run, 3 runs in lockstep');
  await expect.poll(() => page.locator('sparsewatch-digits section').first().textContent()).toContain('Biases are not regularised');

  // One labelled grid canvas per run, tiles of 28 pixels (32 units: 6 columns, 6 rows, 1-pixel gaps).
  const grids = page.locator('sparsewatch-digits-grid canvas');
  await expect.poll(() => grids.count(), { timeout: 30_000 }).toBe(3);
  const first = grids.first();
  await expect.poll(() => first.getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/^Run 1 \(l1-prox\): the first-layer weights of 32 hidden units as 28 by 28 images, at step \d+; [\d.]+% of them exactly 0$/);
  expect(await first.evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([6 * 28 + 5, 6 * 28 + 5]);
  const before = { step: Number(await first.getAttribute('data-step')), pixels: await first.screenshot() };

  // Training started by itself; accuracy climbs well past chance on every run.
  for (const run of [1, 2, 3]) await expect.poll(() => heldOutAccuracy(page, run), { timeout: 40_000 }).toBeGreaterThan(LEARNED);
  await expect.poll(async () => Number(await first.getAttribute('data-step')), { timeout: 20_000 }).toBeGreaterThan(before.step);
  const after = await first.screenshot();
  expect(after.equals(before.pixels), 'the grid changed as the weights moved').toBe(false);
  expect(await page.locator('sparsewatch-digits sparsewatch-series-chart').count()).toBe(4); // accuracy, loss, two layers

  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: `${OUTPUT}/e2e-digits-${engineKind}.png`, fullPage: true });
  const violations = await seriousAxeViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

/** Saves run 1 (paused, trained) and loads the file back: all three runs start from it, far above chance at step 0. */
async function saveAndLoad(page: Page): Promise<void> {
  const file = await download(page, 'Run 1 weights (safetensors)');
  const saved = decodeCheckpoint(new Uint8Array(file));
  expect(saved.biases).toHaveLength(32 + 10);
  expect(saved.settings).toMatchObject({ problem: 'digits', hidden: '32', loss: 'xent', rule: 'l1-prox' });
  await page.getByLabel('Load a checkpoint').setInputFiles({ name: 'digits-run-1.safetensors', mimeType: 'application/octet-stream', buffer: file });
  const message = page.locator('#files-message');
  await expect.poll(() => message.textContent()).toContain(`Loaded digits-run-1.safetensors: 25,408 weights and 42 biases saved at step ${saved.step.toLocaleString('en-US')}`);
  const rows = page.locator('sparsewatch-digits tbody tr');
  await expect.poll(() => rows.locator('td:first-of-type').allTextContents(), { timeout: 20_000 }).toEqual(['0', '0', '0']);
  const accuracies = await Promise.all([1, 2, 3].map((run) => heldOutAccuracy(page, run)));
  expect(accuracies[0]).toBeGreaterThan(LEARNED);
  expect(accuracies).toEqual([accuracies[0], accuracies[0], accuracies[0]]);
}

describe('ui e2e: digits in the app', () => {
  test('with WebGPU: a small network learns, the first-layer grid changes, accessible', async (ctx) => {
    await withPage({ webgpu: true, at: `${server.url}${QUERY}`, bypassCSP: true }, async ({ page }) => {
      if (!(await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter())))) {
        if (REQUIRE_WEBGPU) throw new Error('CI=true requires a WebGPU adapter in headless Chromium, and there is none');
        console.warn('e2e WebGPU digits case SKIPPED: this Chromium has no WebGPU adapter');
        ctx.skip();
      }
      await checkDigitsPage(page, 'webgpu');
    });
  }, 120_000);

  test('on the CPU fallback: the same; a run saved with its biases and loaded back is every run\'s start', async () => {
    await withPage({ webgpu: false, at: `${server.url}${QUERY}`, bypassCSP: true }, async ({ page }) => {
      await checkDigitsPage(page, 'cpu');
      await saveAndLoad(page);
    });
  }, 90_000);
});
