/**
 * Digits settings and the network's shape: every bad value is refused with a message naming
 * the field, the value and what is allowed, before anything is allocated; the layer layout in
 * the engine's vector, the parameter counts the issue quotes, and the starting weights.
 */
import { describe, expect, test } from 'vitest';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { initWeights } from '../../src/engine/cpu/init-weights.ts';
import { digitsEngineOptions, Network, writeStartingWeights } from '../../src/problems/digits/network.ts';
import { checkDigitsSettings, DEFAULT_DIGITS, type DigitsSettings } from '../../src/problems/digits/settings.ts';
import { expectConfigError } from '../helpers/config-error.ts';

const settings = (change: Partial<Record<keyof DigitsSettings, unknown>>) => ({ ...DEFAULT_DIGITS, ...change }) as DigitsSettings;

describe('settings checks', () => {
  test('the defaults pass', () => {
    expect(checkDigitsSettings(DEFAULT_DIGITS)).toBe(DEFAULT_DIGITS);
  });

  test.each([
    ['hidden', 'hidden', '1024,1024', 'got "1024,1024"', 'a list of 0 to 8 layer widths'],
    ['hidden', 'hidden', [4, 4, 4, 4, 4, 4, 4, 4, 4], 'got [4,4,4,4,4,4,4,4,4]', '0 to 8'],
    ['hidden', 'hidden[1]', [256, 30], 'got 30', 'a multiple of 4 from 4 to 16,384', 'vec4'],
    ['hidden', 'hidden[0]', [0], 'got 0', 'a multiple of 4'],
    ['hidden', 'hidden[0]', [20_000], 'got 20000', 'to 16,384'],
    ['hidden', 'hidden[0]', [64.5], 'got 64.5'],
    ['hidden', 'hidden[0]', ['64'], 'got "64"'],
    ['loss', 'loss', 'l2', 'got "l2"', 'one of mse, xent'],
    ['batch', 'batch', 0, 'got 0', 'a whole number from 1 to 8,192'],
    ['batch', 'batch', 1.5, 'got 1.5'],
    ['epochs', 'epochs', 0, 'got 0', 'from 1 to 10,000'],
    ['epochs', 'epochs', Infinity, 'got Infinity'],
    ['seed', 'seed', -1, 'got -1', 'from 0 to 4,294,967,295'],
    ['snapshotEvery', 'snapshotEvery', 0, 'got 0', 'from 1 to'],
    ['epsilon', 'epsilon', 0, 'got 0', 'a finite number > 0'],
    ['epsilon', 'epsilon', NaN, 'got NaN'],
  ] as [string, string, unknown, ...string[]][])('%s: %s = %j', (key, field, value, ...fragments) => {
    expectConfigError(() => checkDigitsSettings(settings({ [key]: value })), field, ...fragments);
  });

  test('a network past 2^28 weights is refused by name, before any allocation', () => {
    expectConfigError(() => Network.of([16_384, 16_384, 16_384]), 'hidden', 'got [16384,16384,16384]', 'at most 268,435,456 weights', '549,879,808');
  });
});

describe('the network', () => {
  test('784-1024-1024-10: about 1.9 million parameters, as the issue says', () => {
    const network = Network.of([1024, 1024]);
    expect(network.name).toBe('784-1024-1024-10');
    expect(network.paramCount).toBe(784 * 1024 + 1024 * 1024 + 1024 * 10);
    expect(network.biasCount).toBe(1024 + 1024 + 10);
    expect(network.paramCount + network.biasCount).toBe(1_863_690);
  });

  test('tens of millions are allowed: 784-4096-4096-10 has 20 million weights', () => {
    expect(Network.of([4096, 4096]).paramCount).toBe(784 * 4096 + 4096 * 4096 + 4096 * 10); // 20,029,440
  });

  test('layers sit one after another in the vector, every offset a multiple of 4', () => {
    const network = Network.of([68, 20]);
    expect(network.layers.map((l) => [l.inputs, l.outputs, l.offset, l.relu])).toEqual([
      [784, 68, 0, true],
      [68, 20, 784 * 68, true],
      [20, 10, 784 * 68 + 68 * 20, false],
    ]);
    for (const layer of network.layers) expect(layer.offset % 4).toBe(0);
    expect(Network.of([]).name).toBe('784-10');
  });

  test('starting scales: He-uniform before a ReLU, Glorot-uniform at the output', () => {
    const [first, last] = Network.of([256]).layers as [Network['layers'][0], Network['layers'][0]];
    expect(first.initScale).toBeCloseTo(Math.sqrt(6 / 784), 12);
    expect(last.initScale).toBeCloseTo(Math.sqrt(6 / 266), 12);
  });

  test('starting weights: each layer the hash draw of (seed, index) at its own scale, the same for every engine', async () => {
    const hidden = [12];
    const network = Network.of(hidden);
    const options = digitsEngineOptions({ ...DEFAULT_DIGITS, hidden, seed: 9 });
    expect(options.paramCount).toBe(network.paramCount);
    const [a, b] = [createCpuEngine(options), createCpuEngine(options)];
    writeStartingWeights(a, network, 9);
    writeStartingWeights(b, network, 9);
    const weights = await a.readWeights();
    expect(weights).toEqual(await b.readWeights());
    for (const layer of network.layers) {
      const expected = new Float32Array(layer.weights);
      initWeights(expected, { kind: 'symmetric', scale: layer.initScale, seed: 9 }, layer.offset);
      expect(weights.subarray(layer.offset, layer.offset + layer.weights)).toEqual(expected);
      const largest = weights.subarray(layer.offset, layer.offset + layer.weights).reduce((m, w) => Math.max(m, Math.abs(w)), 0);
      expect(largest).toBeLessThanOrEqual(Math.fround(layer.initScale));
      expect(largest).toBeGreaterThan(0.9 * layer.initScale);
    }
  });
});
