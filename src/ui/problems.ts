/**
 * The workloads the page can run, as the app sees them: a name for the URL and the form,
 * a line of description, and how the weights start for a seed. Only the notebook's
 * penalty-only walkthrough exists yet; the regression and digits workloads plug in here
 * by adding an entry (and, since they have a gradient, a per-step hook that writes it
 * before each lockstep step; the walkthrough's gradient stays the engines' initial zeros).
 *
 * Not here: the workload maths (src/problems/), validation of user input (settings.ts).
 */
import type { WeightInit } from '../engine/types.ts';

export const PROBLEM_IDS = ['walkthrough'] as const;
export type ProblemId = (typeof PROBLEM_IDS)[number];

export interface AppProblem {
  id: ProblemId;
  /** What the form's selector says. */
  label: string;
  /** How the weights start for a seed; every run of a session starts from the same draw. */
  init(seed: number): WeightInit;
}

export const PROBLEMS: Readonly<Record<ProblemId, AppProblem>> = {
  walkthrough: {
    id: 'walkthrough',
    label: 'Penalty only (walkthrough)',
    // The notebook's premise: weights in (0, 1), and the gradient stays 0.
    init: (seed) => ({ kind: 'positive', scale: 1, seed }),
  },
};
