/**
 * The notebook's equations in TeX (parsing in KaTeX's strict mode, in the notebook's order and
 * numbering) and the update rules with the reader's numbers put in, checked against f32
 * arithmetic done here by hand and against the CPU engine stepped through its interface.
 */
import katex from 'katex';
import { describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../../src/engine/checks.ts';
import { createCpuEngine } from '../../../src/engine/cpu/cpu-engine.ts';
import type { Regulariser } from '../../../src/engine/types.ts';
import { NOTEBOOK_TEX, substitute, type NotebookInputs } from '../../../src/ui/explain/notebook-equations.ts';
import { expectConfigError } from '../../helpers/config-error.ts';

const f = Math.fround;
const NOTEBOOK: NotebookInputs = { lr: 1, l1: 0.1, l2: 0.1, w0: 0.8 };

/** One step of the CPU engine, through the Engine interface, from w0 with a zero gradient. */
async function engineStep(regulariser: Regulariser, w0: number): Promise<number> {
  const engine = createCpuEngine({ paramCount: 1, init: { kind: 'positive', scale: 1, seed: 0 } });
  engine.writeWeights(Float32Array.of(w0));
  engine.writeGradient(new Float32Array(1));
  engine.step(toUpdateParams(regulariser));
  const [w] = await engine.readWeights();
  engine.destroy();
  return w!;
}

describe("the notebook's equations", () => {
  test.each(Object.entries(NOTEBOOK_TEX))('%s parses in strict mode', (_, tex) => {
    expect(() => katex.renderToString(tex, { displayMode: true, throwOnError: true, strict: 'error' })).not.toThrow();
  });

  test('numbered (1), (2), (3a), (3b), (4) in that order, with the signs of the notebook', () => {
    const tagged = Object.values(NOTEBOOK_TEX).flatMap((tex) => [...tex.matchAll(/\\tag\{([^}]+)\}/g)].map((m) => m[1]));
    expect(tagged).toEqual(['1', '2', '3a', '3b', '4']);
    expect(NOTEBOOK_TEX.eq3a).toMatch(/- \\lambda \\quad \\text\{if \} w_i > 0/);
    expect(NOTEBOOK_TEX.eq3b).toMatch(/\+ \\lambda \\quad \\text\{if \} w_i < 0/);
    expect(NOTEBOOK_TEX.eq4).toMatch(/- \\lambda w_i \\tag\{4\}$/);
    expect(NOTEBOOK_TEX.e2).toContain('\\frac{\\lambda w^2}{2}');
  });
});

describe('substitute', () => {
  test("the notebook's numbers: 0.8 − 1·0.1 = 0.7 and 0.8 − 1·0.1·0.8 = 0.72, in f32", () => {
    const step = substitute(NOTEBOOK);
    expect(step.l1).toBe('w^1 \\leftarrow 0.8 - 1\\cdot 0.1 = 0.7');
    expect(step.l2).toBe('w^2 \\leftarrow 0.8 - 1\\cdot 0.1\\cdot 0.8 = 0.72');
    expect(step.l1Result).toBe(f(f(0.8) - f(0.1)));
    expect(step.l2Result).toBe(f(f(0.8) - f(f(0.1) * f(0.8))));
    expect(step.stepsToZero).toBe(8);
  });

  test.each([
    { lr: 0.5, l1: 0.3, l2: 2, w0: 0.25 },
    { lr: 1, l1: 0.1, l2: 0.1, w0: -0.8 },
    { lr: 2, l1: 0.1, l2: 1.5, w0: 3 },
    { lr: 1, l1: 0.1, l2: 0.1, w0: 0 },
    { lr: 1e-3, l1: 1e-5, l2: 0, w0: 1e-30 },
  ])('$lr, $l1, $l2 from $w0: the results are the CPU engine\'s and the TeX parses', async (inputs) => {
    const step = substitute(inputs);
    expect(step.l1Result).toBe(await engineStep({ rule: 'l1', lr: inputs.lr, l1: inputs.l1, l2: 0 }, inputs.w0));
    expect(step.l2Result).toBe(await engineStep({ rule: 'l2', lr: inputs.lr, l1: 0, l2: inputs.l2 }, inputs.w0));
    expect(step.l1Step).toBe(f(inputs.lr * inputs.l1));
    for (const tex of [step.l1, step.l2]) expect(() => katex.renderToString(tex, { throwOnError: true, strict: 'error' })).not.toThrow();
  });

  test('eq. 3b adds ηλ1 to a negative weight; at w0 = 0 the sign step takes no step', () => {
    expect(substitute({ ...NOTEBOOK, w0: -0.8 }).l1).toBe('w^1 \\leftarrow -0.8 + 1\\cdot 0.1 = -0.7');
    const zero = substitute({ ...NOTEBOOK, w0: 0 });
    expect(zero.l1Result).toBe(0);
    expect(zero.l1).toMatch(/\\cdot 0 = 0$/);
  });

  test('a bad η or λ is a ConfigError naming it', () => {
    expectConfigError(() => substitute({ ...NOTEBOOK, lr: -1 }), 'lr', 'got -1');
    expectConfigError(() => substitute({ ...NOTEBOOK, l2: NaN }), 'l2', 'got NaN');
  });
});
