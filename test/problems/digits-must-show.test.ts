/**
 * The must-show digits run on the CPU engine: 784-256-10, 5 epochs of the 8,000
 * training digits, `none` and a strong `l1-prox` in lockstep (settings in digits-must-show.ts;
 * the WebGPU engine runs the same in test/gpu/digits-must-show.test.ts). No regulariser:
 * held-out accuracy ≥ 0.90. Strong l1-prox: at least half the first layer's weights exactly
 * 0 with held-out accuracy ≥ 0.85, while the unregularised run has none.
 */
import { describe, expect, test } from 'vitest';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { runDigits } from '../../src/problems/digits/digits-run.ts';
import { loadDigitsFile } from '../../src/problems/digits/load-node.ts';
import { digitsEngineOptions } from '../../src/problems/digits/network.ts';
import { MUST_SHOW, MUST_SHOW_RUNS } from './digits-must-show.ts';

describe('must-show on the CPU engine: 784-256-10, 5 epochs', () => {
  test('none reaches 0.90 held-out accuracy; strong l1-prox zeroes half the first layer and keeps 0.85', async () => {
    const data = await loadDigitsFile();
    const engines = MUST_SHOW_RUNS.map(() => createCpuEngine(digitsEngineOptions(MUST_SHOW)));
    const result = await runDigits(engines, data, MUST_SHOW, MUST_SHOW_RUNS);
    const [none, l1] = result.runs.map((run) => run.final);
    expect(result.network).toBe('784-256-10');
    expect(none!.epoch).toBe(5);
    expect(none!.heldOutAccuracy!).toBeGreaterThanOrEqual(0.9);
    expect(none!.layers[0]!.exactZeroFraction).toBe(0);
    expect(l1!.layers[0]!.exactZeroFraction).toBeGreaterThanOrEqual(0.5);
    expect(l1!.heldOutAccuracy!).toBeGreaterThanOrEqual(0.85);
    for (const run of result.runs) expect(run.initial.heldOutAccuracy!).toBeLessThan(0.2);
    for (const engine of engines) engine.destroy();
  }, 600_000);
});
