/**
 * The workloads the page can run, as the app's form and URL see them: an id, a label, and
 * the weights per run an engine gets by default. What each one does per step lives in
 * workloads.ts.
 *
 * - `recovery` (the default demo): sparse recovery, linear regression with a k-sparse truth
 *   on hash-generated features (src/problems/regression/), 1,000,000 features on WebGPU and
 *   20,000 on the CPU fallback.
 * - `walkthrough`: the notebook's penalty-only walkthrough, 2^20 weights on WebGPU, 2^16 on
 *   the CPU.
 * - `csv`: regression on a CSV file the user loaded; its size is the file's column count,
 *   and it cannot come from a URL (the data never leaves the machine).
 * - `digits`: a network classifying 10,000 real MNIST digits (src/problems/digits/); its size
 *   is the network's weight count, set by the hidden layers (digits-workload.ts).
 *
 * Not here: the workload maths (src/problems/), validation of user input (settings.ts).
 */
import type { EngineKind } from '../engine/types.ts';

export const PROBLEM_IDS = ['recovery', 'walkthrough', 'digits', 'csv'] as const;
export type ProblemId = (typeof PROBLEM_IDS)[number];

/** The problems a URL may name (a CSV has to be picked from a file). */
export const URL_PROBLEM_IDS = ['recovery', 'walkthrough', 'digits'] as const;

export interface AppProblem {
  id: ProblemId;
  /** What the form's selector says. */
  label: string;
  /** Weights per run when the settings name no size; null when the data (CSV) or the network (digits) decide. */
  defaultSize: Readonly<Record<EngineKind, number>> | null;
}

export const PROBLEMS: Readonly<Record<ProblemId, AppProblem>> = {
  recovery: { id: 'recovery', label: 'Sparse recovery (regression)', defaultSize: { webgpu: 1_000_000, cpu: 20_000 } },
  walkthrough: { id: 'walkthrough', label: 'Penalty only (notebook walkthrough)', defaultSize: { webgpu: 1_048_576, cpu: 65_536 } },
  digits: { id: 'digits', label: 'Handwritten digits (MNIST network)', defaultSize: null },
  csv: { id: 'csv', label: 'Your CSV (regression)', defaultSize: null },
};
