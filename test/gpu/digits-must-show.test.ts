/**
 * The must-show digits run on the software WebGPU adapter: 784-256-10, 5 epochs of
 * the 8,000 training digits, `none` and a strong `l1-prox` in lockstep on one device
 * (settings in test/problems/digits-must-show.ts; the CPU engine runs the same in Node).
 * No regulariser: held-out accuracy ≥ 0.90. Strong l1-prox: at least half the first layer's
 * weights exactly 0, with held-out accuracy ≥ 0.85; and none of them zero without it.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createGpuEngine, type GpuEngine } from '../../src/engine/gpu/gpu-engine.ts';
import { runDigits } from '../../src/problems/digits/digits-run.ts';
import { loadDigitsUrl } from '../../src/problems/digits/load-browser.ts';
import { digitsEngineOptions } from '../../src/problems/digits/network.ts';
import { sharedDevice, withErrorScopes } from '../helpers/gpu-device.ts';
import { MUST_SHOW, MUST_SHOW_RUNS } from '../problems/digits-must-show.ts';

const device = await sharedDevice();

let engines: GpuEngine[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) engine.destroy();
});

describe.runIf(device)('must-show on WebGPU: 784-256-10, 5 epochs', () => {
  test('none reaches 0.90 held-out accuracy; strong l1-prox zeroes half the first layer and keeps 0.85', async () => {
    const d = device!;
    const data = await loadDigitsUrl();
    await withErrorScopes(d.device, async () => {
      engines = await Promise.all(MUST_SHOW_RUNS.map(() => createGpuEngine({ ...digitsEngineOptions(MUST_SHOW), device: d })));
      const result = await runDigits(engines, data, MUST_SHOW, MUST_SHOW_RUNS);
      const [none, l1] = result.runs.map((run) => run.final) as [typeof result.runs[0]['final'], typeof result.runs[0]['final']];
      expect(result.network).toBe('784-256-10');
      expect(none.epoch).toBe(5);
      expect(none.heldOutAccuracy!).toBeGreaterThanOrEqual(0.9);
      expect(none.layers[0]!.exactZeroFraction).toBe(0);
      expect(l1.layers[0]!.exactZeroFraction).toBeGreaterThanOrEqual(0.5);
      expect(l1.heldOutAccuracy!).toBeGreaterThanOrEqual(0.85);
      // Both learned from the same start: accuracy at step 0 is chance for both.
      for (const run of result.runs) expect(run.initial.heldOutAccuracy!).toBeLessThan(0.2);
    });
  }, 600_000);
});
