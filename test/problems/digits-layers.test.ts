/**
 * The CPU backend's maths against the definitions: each loop of layers.ts against a plain
 * triple loop, the losses and their gradients against finite differences, and one whole
 * training step's ∂E/∂W and ∂E/∂b against finite differences of E computed by the plain f64
 * network in digits-reference.ts.
 */
import { describe, expect, test } from 'vitest';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { CpuDigits } from '../../src/problems/digits/cpu-digits.ts';
import { biasStep, forwardLayer, inputGradient, transposeWeights, weightGradient } from '../../src/problems/digits/layers.ts';
import { loadDigitsFile } from '../../src/problems/digits/load-node.ts';
import { digitLoss, gradientScale } from '../../src/problems/digits/loss.ts';
import { Network, writeStartingWeights } from '../../src/problems/digits/network.ts';
import type { DigitsLoss } from '../../src/problems/digits/settings.ts';
import { allCloseReport } from '../helpers/f32-compare.ts';
import { uniformF32, xorshift } from '../helpers/test-data.ts';
import { meanLoss, lossOf } from './digits-reference.ts';

/** Values with about half of them exactly 0, as ReLU outputs and blank pixels are. */
function halfZeros(count: number, seed: number): Float32Array {
  const next = xorshift(seed);
  return uniformF32(count, 1, seed).map((v) => (next() < 0.5 ? 0 : v));
}

describe('layers.ts against the definitions', () => {
  const rows = 5;
  const inputs = 12;
  const outputs = 7;
  const x = halfZeros(rows * inputs, 1);
  const w = uniformF32(outputs * inputs, 0.5, 2);
  const bias = uniformF32(outputs, 0.1, 3);
  const delta = uniformF32(rows * outputs, 1, 4);
  const wT = new Float32Array(w.length);
  transposeWeights(w, outputs, inputs, wT);
  const acc = new Float64Array(outputs);

  test('forward: z = x·Wᵀ + b, with and without ReLU', () => {
    for (const relu of [false, true]) {
      const z = new Float32Array(rows * outputs);
      forwardLayer(x, rows, inputs, wT, outputs, bias, relu, z, acc);
      const expected = Array.from({ length: rows * outputs }, (_, k) => {
        const [r, o] = [Math.floor(k / outputs), k % outputs];
        let sum = 0;
        for (let i = 0; i < inputs; i++) sum += x[r * inputs + i]! * w[o * inputs + i]!;
        return relu ? Math.max(sum + bias[o]!, 0) : sum + bias[o]!;
      });
      expect(allCloseReport(z, expected, { abs: 1e-6, rel: 1e-6 })).toBeNull();
      if (relu) expect(z.some((v) => v === 0)).toBe(true);
    }
  });

  test('weight gradient: ∂E/∂W[o, i] = Σ_r δ[r, o]·x[r, i]', () => {
    const g = new Float32Array(outputs * inputs);
    weightGradient(delta, x, rows, inputs, outputs, g, acc);
    const expected = Array.from({ length: outputs * inputs }, (_, k) => {
      const [o, i] = [Math.floor(k / inputs), k % inputs];
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += delta[r * outputs + o]! * x[r * inputs + i]!;
      return sum;
    });
    expect(allCloseReport(g, expected, { abs: 1e-6, rel: 1e-6 })).toBeNull();
  });

  test('input gradient: δ_prev[r, i] = Σ_o δ[r, o]·W[o, i] where x[r, i] > 0, else 0', () => {
    const d = new Float32Array(rows * inputs);
    inputGradient(delta, wT, x, rows, inputs, outputs, d);
    const expected = Array.from({ length: rows * inputs }, (_, k) => {
      const [r, i] = [Math.floor(k / inputs), k % inputs];
      if (!(x[k]! > 0)) return 0;
      let sum = 0;
      for (let o = 0; o < outputs; o++) sum += delta[r * outputs + o]! * w[o * inputs + i]!;
      return sum;
    });
    expect(allCloseReport(d, expected, { abs: 1e-6, rel: 1e-6 })).toBeNull();
    expect(d.filter((v, k) => v !== 0 && !(x[k]! > 0))).toEqual(new Float32Array(0));
  });

  test('bias step: b ← b − η·Σ_r δ[r, ·]', () => {
    const b = bias.slice();
    biasStep(delta, rows, outputs, b, 0.25);
    const expected = Array.from(bias, (v, o) => v - 0.25 * Array.from({ length: rows }, (_, r) => delta[r * outputs + o]!).reduce((s, t) => s + t, 0));
    expect(allCloseReport(b, expected, { abs: 1e-6, rel: 1e-6 })).toBeNull();
  });
});

describe('the losses', () => {
  const z = Float32Array.of(0.3, -1.2, 2.5, 0.1, 0, -0.4, 1.9, 0.7, -2, 0.05);

  test.each(['mse', 'xent'] as const)('%s: ∂E/∂z matches finite differences of the loss', (loss) => {
    const delta = new Float32Array(10);
    const result = digitLoss(loss, z, 0, 10, 6, gradientScale(loss, 1), delta);
    expect(result.loss).toBeCloseTo(lossOf(loss, Array.from(z), 6), 6);
    const h = 1e-4;
    const numeric = Array.from(z, (_, k) => {
      const plus = Array.from(z, (v, j) => (j === k ? v + h : v));
      const minus = Array.from(z, (v, j) => (j === k ? v - h : v));
      return (lossOf(loss, plus, 6) - lossOf(loss, minus, 6)) / (2 * h);
    });
    expect(allCloseReport(delta, numeric, { abs: 1e-5, rel: 1e-4 })).toBeNull();
  });

  test('mse is the notebook’s squared error on a one-hot target; scales are 2/m and 1/m', () => {
    const delta = new Float32Array(10);
    const { loss } = digitLoss('mse', z, 0, 10, 2, 1, delta);
    expect(loss).toBeCloseTo(Array.from(z).reduce((s, v, k) => s + (v - (k === 2 ? 1 : 0)) ** 2, 0), 6);
    expect(gradientScale('mse', 100)).toBe(Math.fround(0.02));
    expect(gradientScale('xent', 100)).toBe(Math.fround(0.01));
  });

  test('xent stays finite for huge outputs, and the first largest output is the answer', () => {
    const delta = new Float32Array(10);
    const big = Float32Array.from({ length: 10 }, (_, k) => (k === 3 || k === 5 ? 1e30 : 0));
    const result = digitLoss('xent', big, 0, 10, 5, 1, delta);
    expect(result.loss).toBeCloseTo(Math.log(2), 6);
    expect(result.correct).toBe(false); // outputs 3 and 5 tie: 3 comes first
    expect(digitLoss('xent', big, 0, 10, 3, 1, delta).correct).toBe(true);
    expect(delta.every(Number.isFinite)).toBe(true);
  });
});

describe('one training step’s gradients, by finite differences of the plain f64 network', () => {
  const dataPromise = loadDigitsFile();

  test.each(['mse', 'xent'] as DigitsLoss[])('%s, 784-8-10, a minibatch of 5 digits', async (loss) => {
    const data = await dataPromise;
    const network = Network.of([8]);
    const engine = createCpuEngine({ paramCount: network.paramCount, init: { kind: 'symmetric', scale: 1, seed: 4 } });
    writeStartingWeights(engine, network, 4);
    const before = await engine.readWeights();
    const batch = Uint32Array.of(3, 1_500, 4_000, 6_100, 9_990);
    const backend = new CpuDigits([engine], [1], network, data, loss, batch.length);
    await backend.trainStep(batch);
    const biases = (await backend.readBiases())[0]!;
    // With η = 1 and rule none, w' = w − g: the engine's step applies the gradient the backend wrote.
    engine.step({ lr: 1, l1Step: 0, l2Decay: 0, l1Form: 'sign' });
    const after = await engine.readWeights();
    const gradient = Array.from(before, (w, j) => w - after[j]!);
    const biasGradient = biases.map((b) => Array.from(b, (v) => -v));
    const p = { weights: Float64Array.from(before), biases: network.layers.map((l) => new Float64Array(l.outputs)) };
    const h = 1e-3;
    const numeric = (bump: (delta: number) => void): number => {
      bump(h);
      const plus = meanLoss(network, p, data, loss, batch);
      bump(-2 * h);
      const minus = meanLoss(network, p, data, loss, batch);
      bump(h);
      return (plus - minus) / (2 * h);
    };
    // Every output-layer weight, a spread of first-layer weights (some on blank pixels), every bias.
    const checked = [...Array.from({ length: 80 }, (_, k) => network.layers[1]!.offset + k), ...Array.from({ length: 60 }, (_, k) => k * 97 + 40)];
    const expected = checked.map((j) => numeric((d) => (p.weights[j]! += d)));
    expect(allCloseReport(checked.map((j) => gradient[j]!), expected, { abs: 2e-5, rel: 2e-3 })).toBeNull();
    expect(expected.some((g) => Math.abs(g) > 1e-3)).toBe(true);
    network.layers.forEach((layer, l) => {
      const bExpected = Array.from({ length: layer.outputs }, (_, o) => numeric((d) => ((p.biases[l] as Float64Array)[o]! += d)));
      expect(allCloseReport(biasGradient[l]!, bExpected, { abs: 2e-5, rel: 2e-3 }), `layer ${l} biases`).toBeNull();
    });
    // The training score is the minibatch's mean loss at the starting weights.
    const [score] = await backend.takeTrainingScores();
    expect(score!.count).toBe(5);
    expect(score!.lossSum / 5).toBeCloseTo(meanLoss(network, { weights: before, biases: network.layers.map((l) => new Float64Array(l.outputs)) }, data, loss, batch), 5);
    engine.destroy();
  });
});
