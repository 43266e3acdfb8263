/**
 * The walkthrough's figures: each runs on its defaults and on edited values, its lines are
 * what the CPU engine gives when stepped through its interface, and its findings carry the
 * run's numbers. Bad values are refused by the figure's own fields.
 */
import { describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../../src/engine/checks.ts';
import { createCpuEngine } from '../../../src/engine/cpu/cpu-engine.ts';
import type { Regulariser } from '../../../src/engine/types.ts';
import { CAVEAT_FIGURES, caveatMessages, seriesPoints, type CaveatFigure, type FigureData } from '../../../src/ui/explain/caveat-figures.ts';
import { checkFigureValues, type FigureValues } from '../../../src/ui/explain/figure-fields.ts';
import { expectConfigError } from '../../helpers/config-error.ts';

function figure(id: string): CaveatFigure {
  const found = CAVEAT_FIGURES.find((f) => f.id === id);
  if (!found) throw new Error(`no figure ${id}`);
  return found;
}

function run(id: string, values: FigureValues = {}): FigureData {
  const fig = figure(id);
  return fig.compute(checkFigureValues(fig.fields, { ...fig.defaults, ...values }));
}

function line(data: FigureData, label: RegExp): { x: number; y: number }[] {
  const found = data.lines.find((l) => label.test(l.label));
  if (!found) throw new Error(`no line ${label} among ${data.lines.map((l) => l.label).join(', ')}`);
  return found.points;
}

/** w at steps 0…steps from one weight, stepping a CPU engine through its interface. */
async function engineSeries(w0: number, regulariser: Regulariser, steps: number): Promise<number[]> {
  const engine = createCpuEngine({ paramCount: 1, init: { kind: 'positive', scale: 1, seed: 0 } });
  engine.writeWeights(Float32Array.of(w0));
  engine.writeGradient(new Float32Array(1));
  const out = [(await engine.readWeights())[0]!];
  for (let k = 0; k < steps; k++) {
    engine.step(toUpdateParams(regulariser));
    out.push((await engine.readWeights())[0]!);
  }
  engine.destroy();
  return out;
}

describe('every figure', () => {
  test('the figures are the seven points the walkthrough makes, with distinct ids', () => {
    expect(CAVEAT_FIGURES.map((f) => f.id)).toEqual(['eta', 'pull', 'overshoot', 'chatter', 'stays-at-zero', 'flicker', 'subnormal']);
  });

  test.each(CAVEAT_FIGURES)('$id: defaults pass its fields; lines of finite points; findings; labelled controls', (fig) => {
    expect(checkFigureValues(fig.fields, fig.defaults)).toEqual(fig.defaults);
    expect(Object.keys(fig.defaults).sort()).toEqual(fig.fields.map((f) => f.id).sort());
    const data = fig.compute(fig.defaults);
    expect(data.lines.length).toBeGreaterThan(0);
    for (const l of data.lines) {
      expect(l.points.length, l.label).toBeGreaterThan(1);
      expect(l.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
      expect(l.points.every((p, i) => i === 0 || p.x > l.points[i - 1]!.x), `${l.label}: x ascending`).toBe(true);
      expect(l.colour).toMatch(/^--sw-/);
    }
    expect(data.findings.length).toBeGreaterThan(0);
    expect(fig.explanation.length).toBeGreaterThan(200);
    expect(new Set(fig.fields.map((f) => f.label)).size).toBe(fig.fields.length);
  });

  test.each(CAVEAT_FIGURES)('$id: a value out of range is a ConfigError naming the field', (fig) => {
    const field = fig.fields[0]!;
    expectConfigError(() => checkFigureValues(fig.fields, { ...fig.defaults, [field.id]: field.max * 2 + 1 }), field.id, 'allowed: a');
  });
});

describe('η made explicit', () => {
  test('with η = 0.5 proximal L1 reaches 0 at step 16, with the notebook’s η = 1 at step 8; lines are the engine’s', async () => {
    const data = run('eta');
    const mine = line(data, /^proximal L1, η = 0.5/);
    expect(mine.find((p) => p.y === 0)?.x).toBe(16);
    expect(line(data, /proximal L1, η = 1/).find((p) => p.y === 0)?.x).toBe(8);
    expect(mine.map((p) => p.y)).toEqual(await engineSeries(0.8, { rule: 'l1-prox', lr: 0.5, l1: 0.1, l2: 0 }, mine.length - 1));
    expect(line(data, /^L2, η = 0.5/).map((p) => p.y)).toEqual(await engineSeries(0.8, { rule: 'l2', lr: 0.5, l1: 0, l2: 0.1 }, mine.length - 1));
    expect(data.findings.join(' ')).toContain('ηλ1 = 0.05');
    expect(data.findings.join(' ')).toContain('at step 16 (⌈|w0|/(ηλ1)⌉ = 16)');
  });

  test('an η that makes ηλ2 > 2 brings in the divergence caveat', () => {
    expect(run('eta', { lr: 25 }).findings.join(' ')).toContain('> 2');
  });
});

describe('|w| > 1', () => {
  test('equal λ: the L2 line crosses the L1 line at |w| = 1', () => {
    const data = run('pull');
    const l1 = line(data, /L1/);
    const l2 = line(data, /L2/);
    const crossing = l2.findIndex((p, j) => p.y > l1[j]!.y);
    expect(l2[crossing]!.x).toBeGreaterThan(1);
    expect(l2[crossing - 1]!.x).toBeLessThanOrEqual(1);
    expect(l2.at(-1)!.y).toBeCloseTo(0.3, 6);
    expect(data.findings.join(' ')).toContain('|w| = ηλ1/ηλ2 = 1');
  });

  test('λ2 = 0: L2 never pulls harder', () => {
    expect(run('pull', { l2: 0 }).findings.join(' ')).toContain('never removes more than its L1 step');
  });
});

describe('ηλ2 ≥ 1', () => {
  test('1.5 overshoots: sign changes every step, |w| halves', () => {
    const points = line(run('overshoot'), /L2/);
    expect(points.slice(0, 4).map((p) => p.y)).toEqual([0.5, -0.25, 0.125, -0.0625]);
  });

  test('past 2 it grows: 2.5 by ×1.5 a step; 10 by ×9, out of f32’s range within 200 steps', () => {
    expect(run('overshoot', { l2: 2.5, steps: 20 }).findings.join(' ')).toContain('|w| grows ×1.5 each step');
    expect(run('overshoot', { l2: 10, steps: 200 }).findings.join(' ')).toMatch(/passed f32's range at step 4\d: from there it is (-)?Infinity/);
  });
});

describe('chatter', () => {
  test('the sign step never lands on 0 from 0.3; clipping and the proximal step do, at step 4, and stay', () => {
    const data = run('chatter');
    expect(line(data, /sign step/).filter((p) => p.x > 0 && p.y === 0)).toEqual([]);
    for (const label of [/clipped/, /proximal/]) {
      const points = line(data, label);
      expect(points.findIndex((p) => p.y === 0)).toBe(4);
      expect(points.slice(4).every((p) => p.y === 0)).toBe(true);
    }
    expect(data.findings[0]).toContain('closest to 0 at step 3, with w = 1.4901161e-8');
  });
});

describe('a weight stays at zero only while |∂E0/∂w| ≤ λ1', () => {
  test('proximal: every grid gradient inside ±λ1 keeps 0 on every step, every one outside never does', () => {
    const data = run('stays-at-zero');
    for (const p of line(data, /proximal/)) expect(p.y).toBe(Math.abs(p.x) <= Math.fround(0.1) ? 1 : 0);
    expect(data.findings[0]).toContain('keeps the weight at exactly 0 for all 20 steps');
  });

  test('|g| > λ1 moves the weight off 0 by η(|g| − λ1) a step', () => {
    expect(run('stays-at-zero', { g: 0.15 }).findings[0]).toMatch(/> λ1 = 0.1: the proximal step moves the weight off 0; after 20 steps it is -0.99999/);
  });
});

describe('minibatch flicker', () => {
  test('noise makes weights leave 0 although the full-batch optimum is 0; without noise none does', () => {
    const noisy = run('flicker');
    expect(noisy.findings[0]).toContain('≤ λ1');
    expect(line(noisy, /left 0/).some((p) => p.y > 0)).toBe(true);
    const quiet = run('flicker', { noise: 0 });
    expect(line(quiet, /exactly 0/).every((p) => p.y === 1)).toBe(true);
    expect(quiet.findings[1]).toContain('0 of 1,000 weights');
  });
});

describe('L2 in f32', () => {
  test('defaults: the engine stalls at step 8,164 near 1.17e-36; IEEE f32 at a subnormal, 7e-44', () => {
    const data = run('subnormal');
    expect(data.findings[0]).toContain('stops changing at step 8,164, at 1.17236845e-36');
    expect(data.findings[1]).toContain('at 7e-44 (a subnormal)');
    const engine = line(data, /the engine/);
    expect(engine.length).toBeLessThanOrEqual(802);
    expect(engine.some((p) => p.x === 8164)).toBe(true);
  });

  test('ηλ2 = 0.9: the engine writes an exact 0', () => {
    expect(run('subnormal', { l2: 0.9, steps: 100 }).findings[0]).toMatch(/^The engine: exactly 0 at step \d+/);
  });

  test('a tiny ηλ2 never moves the weight at all', () => {
    expect(run('subnormal', { l2: 1e-9, steps: 10 }).findings[0]).toContain('stops changing at step 1, at 0.5');
  });
});

describe('helpers', () => {
  test('seriesPoints keeps first, last and asked-for steps, thins long series, drops non-finite y', () => {
    const series = Float32Array.from({ length: 10_001 }, (_, k) => k);
    const points = seriesPoints(series, (w) => w, [1234]);
    expect(points.length).toBeLessThanOrEqual(802);
    expect(points[0]).toEqual({ x: 0, y: 0 });
    expect(points.at(-1)).toEqual({ x: 10_000, y: 10_000 });
    expect(points.some((p) => p.x === 1234)).toBe(true);
    expect(seriesPoints(Float32Array.of(1, 0, 2), Math.log2).map((p) => p.x)).toEqual([0, 2]);
  });

  test("caveatMessages are the walkthrough's caveats, filtered by kind", () => {
    const runs: Regulariser[] = [
      { rule: 'l1', lr: 1, l1: 0.1, l2: 0 },
      { rule: 'l2', lr: 1, l1: 0, l2: 0.1 },
    ];
    expect(caveatMessages(runs, 3).length).toBe(2);
    expect(caveatMessages(runs, 3, ['l2-pulls-harder'])).toHaveLength(1);
    expect(caveatMessages(runs, 0.5, ['l2-pulls-harder'])).toEqual([]);
  });
});
