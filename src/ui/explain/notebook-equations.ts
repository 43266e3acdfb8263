/**
 * The notebook's equations (seed/l1-vs-l2-notebook.md) as TeX, in its order and with its
 * numbers (1), (2), (3a), (3b), (4), and the update rules again with η explicit and the
 * reader's η, λ1, λ2 and w0 put in. The right-hand sides of those are not computed here:
 * they are what the CPU engine's update (`applyUpdate`) gives in f32 for one weight, so
 * the page shows the engine's own numbers. The notebook writes δ for the partial
 * derivative; this writes ∂. No DOM.
 */
import { toUpdateParams } from '../../engine/checks.ts';
import { applyUpdate } from '../../engine/cpu/apply-update.ts';
import type { Regulariser, UpdateParams } from '../../engine/types.ts';
import { predictStepToZero } from '../../problems/walkthrough.ts';
import { texNumber, texOperand } from './tex-number.ts';

const D_E0 = '\\frac{\\partial E_0}{\\partial w_i}';

/** The notebook's equations, in its order. */
export const NOTEBOOK_TEX = {
  e0: 'E_0 = \\sum_i^n \\left(h(x_i) - y_i\\right)^2',
  e1: 'E_1 = E_0 + \\lambda |w|',
  e2: 'E_2 = E_0 + \\frac{\\lambda w^2}{2}',
  lambdaRange: '0 < \\lambda < 1',
  gradientStepL1: 'w_i^1 \\leftarrow w_i - \\frac{\\partial E_1}{\\partial w_i}',
  gradientStepL2: 'w_i^2 \\leftarrow w_i - \\frac{\\partial E_2}{\\partial w_i}',
  eq1: `w_i^1 \\leftarrow w_i - ${D_E0} - \\frac{\\lambda\\, \\partial |w|}{\\partial w_i} \\tag{1}`,
  eq2: `w_i^2 \\leftarrow w_i - ${D_E0} - \\frac{\\lambda\\, \\partial w^2}{2\\, \\partial w_i} \\tag{2}`,
  eq3a: `w_i^1 \\leftarrow w_i - ${D_E0} - \\lambda \\quad \\text{if } w_i > 0 \\tag{3a}`,
  eq3b: `w_i^1 \\leftarrow w_i - ${D_E0} + \\lambda \\quad \\text{if } w_i < 0 \\tag{3b}`,
  eq4: `w_i^2 \\leftarrow w_i - ${D_E0} - \\lambda w_i \\tag{4}`,
  effectiveL1: 'w_i^1 \\leftarrow w_i - \\lambda',
  effectiveL2: 'w_i^2 \\leftarrow w_i - \\lambda w_i',
  inequality: '0 < \\lambda < 1 \\quad\\text{and}\\quad 0 < w_i < 1 \\implies \\lambda w_i < \\lambda',
  /** The same rules with the learning rate η the notebook leaves at 1 (sign(0) = 0). */
  etaL1: `w_i^1 \\leftarrow w_i - \\eta ${D_E0} - \\eta\\lambda_1 \\operatorname{sign}(w_i)`,
  etaL2: `w_i^2 \\leftarrow w_i - \\eta ${D_E0} - \\eta\\lambda_2 w_i`,
} as const;

/** What the reader sets: η, λ1, λ2 and one starting weight. */
export interface NotebookInputs {
  lr: number;
  l1: number;
  l2: number;
  w0: number;
}

/** One step of each rule from w0, with the numbers put in. */
export interface SubstitutedStep {
  /** eq. 3a, 3b (or no step at w0 = 0), as the engine takes it. */
  l1: string;
  /** eq. 4. */
  l2: string;
  /** w0 as the engine holds it (f32). */
  w0: number;
  /** The engine's results after one step. */
  l1Result: number;
  l2Result: number;
  /** ηλ1 and ηλ2 as the engine applies them (rounded to f32 once). */
  l1Step: number;
  l2Decay: number;
  /** ⌈|w0|/(ηλ1)⌉, or null when ηλ1 = 0. */
  stepsToZero: number | null;
}

/** One step of the engine's update from one weight with the gradient held at 0 (the notebook drops ∂E0/∂w). */
export function engineStep(w0: number, params: UpdateParams): number {
  const weights = Float32Array.of(w0);
  applyUpdate(weights, new Float32Array(1), params, null);
  return weights[0]!;
}

/** The regularisers the substitution runs: the sign step of eq. 3 and the decay of eq. 4. */
export function notebookRegularisers(inputs: NotebookInputs): { l1: Regulariser; l2: Regulariser } {
  return {
    l1: { rule: 'l1', lr: inputs.lr, l1: inputs.l1, l2: 0 },
    l2: { rule: 'l2', lr: inputs.lr, l1: 0, l2: inputs.l2 },
  };
}

/**
 * Eqs. 3 and 4 with η explicit, ∂E0/∂w dropped as the notebook drops it, and the reader's
 * numbers in: `w^1 ← 0.8 − 1·0.1 = 0.7`. Throws `ConfigError` for a bad η or λ.
 */
export function substitute(inputs: NotebookInputs): SubstitutedStep {
  const regs = notebookRegularisers(inputs);
  const l1Params = toUpdateParams(regs.l1);
  const l2Params = toUpdateParams(regs.l2);
  const w0 = Math.fround(inputs.w0);
  const l1Result = engineStep(w0, l1Params);
  const l2Result = engineStep(w0, l2Params);
  const eta = texOperand(inputs.lr);
  const w = texNumber(w0);
  // eq. 3a subtracts ηλ1 from a positive weight, eq. 3b adds it to a negative one, and sign(0) = 0 takes no step.
  const l1Term = w0 > 0 ? ` - ${eta}\\cdot ${texOperand(inputs.l1)}` : w0 < 0 ? ` + ${eta}\\cdot ${texOperand(inputs.l1)}` : ` - ${eta}\\cdot ${texOperand(inputs.l1)}\\cdot 0`;
  return {
    l1: `w^1 \\leftarrow ${w}${l1Term} = ${texNumber(l1Result)}`,
    l2: `w^2 \\leftarrow ${w} - ${eta}\\cdot ${texOperand(inputs.l2)}\\cdot ${texOperand(w0)} = ${texNumber(l2Result)}`,
    w0,
    l1Result,
    l2Result,
    l1Step: l1Params.l1Step,
    l2Decay: l2Params.l2Decay,
    stepsToZero: predictStepToZero(w0, l1Params.l1Step),
  };
}
