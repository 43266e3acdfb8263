/**
 * The notebook's comparison run step by step: one weight w0 under the sign step of eq. 3,
 * the proximal L1 step and the L2 decay of eq. 4, each a run of the project's walkthrough
 * driver (`runWalkthrough`) on its own CPU engine, with the gradient held at 0 as the
 * notebook drops it. Gives the table the walkthrough shows and each run's result (first step
 * at exactly 0 beside the prediction ⌈|w0|/(ηλ1)⌉). No DOM.
 */
import { createCpuEngine } from '../../engine/cpu/cpu-engine.ts';
import type { Regulariser } from '../../engine/types.ts';
import { runWalkthrough, walkthroughEngineOptions, type WalkthroughResult, type WalkthroughSettings } from '../../problems/walkthrough.ts';
import type { NotebookInputs } from './notebook-equations.ts';

/** The runs of the table, in its column order. */
export const EXAMPLE_RUNS = ['l1', 'l1-prox', 'l2'] as const;
export type ExampleRun = (typeof EXAMPLE_RUNS)[number];

/** The longest table: enough to show L1 arriving and staying, short enough to read. */
export const MAX_EXAMPLE_STEPS = 40;

export interface NotebookExample {
  steps: number;
  /** Per run, w after step 0, 1, …, steps. */
  weights: Record<ExampleRun, number[]>;
  results: Record<ExampleRun, WalkthroughResult>;
}

function regulariserFor(run: ExampleRun, inputs: NotebookInputs): Regulariser {
  return run === 'l2' ? { rule: 'l2', lr: inputs.lr, l1: 0, l2: inputs.l2 } : { rule: run, lr: inputs.lr, l1: inputs.l1, l2: 0 };
}

/**
 * Steps the table shows: two past the predicted step to zero (so L1 is seen to stay there),
 * between 5 and MAX_EXAMPLE_STEPS.
 */
export function exampleSteps(stepsToZero: number | null): number {
  return Math.min(MAX_EXAMPLE_STEPS, Math.max(5, (stepsToZero ?? MAX_EXAMPLE_STEPS) + 2));
}

/** Runs the three rules from w0 for `steps` steps. Throws `ConfigError` for a bad η, λ or w0. */
export async function notebookExample(inputs: NotebookInputs, steps: number): Promise<NotebookExample> {
  const weights = {} as Record<ExampleRun, number[]>;
  const results = {} as Record<ExampleRun, WalkthroughResult>;
  for (const run of EXAMPLE_RUNS) {
    const settings: WalkthroughSettings = {
      regulariser: regulariserFor(run, inputs),
      weights: { kind: 'given', w0: [inputs.w0] },
      steps,
      snapshotEvery: steps,
      epsilon: 1e-6,
    };
    const engine = createCpuEngine(walkthroughEngineOptions(settings));
    const trajectory: number[] = [];
    try {
      results[run] = await runWalkthrough(engine, settings, (frame) => trajectory.push(frame.weights[0]!));
    } finally {
      engine.destroy();
    }
    weights[run] = trajectory;
  }
  return { steps, weights, results };
}
