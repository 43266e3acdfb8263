/**
 * Where the notebook's argument breaks for given walkthrough settings, computed from the
 * settings (the per-step amounts ηλ1 and ηλ2 as the engine applies them, and the range of the
 * starting weights), never listed by hand. The argument: with 0 < λ < 1 and 0 < w < 1, L2
 * removes λ·w < λ per step while L1 removes λ, so L1 reaches zero and L2 only shrinks. It
 * breaks when
 *   - L2 pulls harder: ηλ2·|w| > ηλ1 for some weight (|w| > 1 when λ1 = λ2);
 *   - ηλ2 ≥ 1: w ← (1 − ηλ2)·w lands on 0 (= 1), flips sign each step (> 1), or, past 2,
 *     grows: it diverges;
 *   - the plain sign step (rule `l1`) does not stop at 0: it chatters in (−ηλ1, ηλ1) and is
 *     exactly 0 only when f32 arithmetic happens to land there;
 *   - nothing acts: rule `none` (or no λ) leaves every weight where it started, since the
 *     walkthrough drops the gradient.
 * Structured notes, so the app and the command line print them their own way. Not here:
 * running anything (walkthrough.ts shows each of these happen).
 */
import { toUpdateParams } from '../engine/checks.ts';
import { runLabel, type WalkthroughSettings, type WeightSource } from './walkthrough.ts';

export type CaveatKind = 'l2-pulls-harder' | 'l2-lands-on-zero' | 'l2-overshoots' | 'l2-oscillates' | 'l2-diverges' | 'sign-step-chatters' | 'nothing-moves';

export interface Caveat {
  kind: CaveatKind;
  /** The run it concerns, named as `runLabel` names it. */
  run: string;
  /** One or two sentences with the settings' own numbers. */
  message: string;
}

/** A number as a person reads it: 6 significant digits at most. */
function show(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** The largest |w0|, and whether it is attained (given weights) or only approached (drawn in (0, 1)). */
function weightBound(weights: WeightSource): { max: number; attained: boolean } {
  if (weights.kind === 'drawn') return { max: 1, attained: false };
  return { max: Math.max(...weights.w0.map((w) => Math.abs(Math.fround(w)))), attained: true };
}

/**
 * The caveats for one run, or for lockstep runs (which share weights and step count). In
 * lockstep, L2's pull is compared with the largest ηλ1 among the runs; with no L1 anywhere,
 * with the notebook's own comparison, an L1 step of the same λ.
 */
export function caveatsFor(settings: WalkthroughSettings | readonly WalkthroughSettings[]): Caveat[] {
  const runs = Array.isArray(settings) ? (settings as readonly WalkthroughSettings[]) : [settings as WalkthroughSettings];
  const params = runs.map((run) => toUpdateParams(run.regulariser));
  const lockstepL1 = Math.max(0, ...params.map((p) => p.l1Step));
  const caveats: Caveat[] = [];
  runs.forEach((run, i) => {
    const { l1Step: t, l2Decay: d } = params[i]!;
    const label = runLabel(run.regulariser);
    const add = (kind: CaveatKind, message: string) => caveats.push({ kind, run: label, message });
    const bound = weightBound(run.weights);

    if (t === 0 && d === 0) {
      add('nothing-moves', `${label}: no penalty acts (ηλ1 = ηλ2 = 0) and the walkthrough drops the gradient, so every weight stays at w0.`);
    }
    if (d > 2) {
      add('l2-diverges', `${label}: ηλ2 = ${show(d)} > 2, so w ← (1 − ηλ2)·w = ${show(1 - d)}·w: |w| grows ×${show(d - 1)} each step and flips sign.`);
    } else if (d === 2) {
      add('l2-oscillates', `${label}: ηλ2 = 2, so w ← −w: each weight flips sign forever and never shrinks.`);
    } else if (d > 1) {
      add('l2-overshoots', `${label}: ηλ2 = ${show(d)} ≥ 1, so w ← ${show(1 - d)}·w: L2 overshoots zero and the sign flips every step (|w| still shrinks).`);
    } else if (d === 1) {
      add('l2-lands-on-zero', `${label}: ηλ2 = 1, so w ← (1 − 1)·w = 0: L2 sets every weight to exactly 0 in one step, against the notebook's "never".`);
    } else if (d > 0) {
      // The L1 pull to compare with: this run's own (elastic net), another run's, or the notebook's same λ.
      const l1Pull = t > 0 ? t : lockstepL1 > 0 ? lockstepL1 : d;
      const crossover = l1Pull / d;
      // Drawn weights only approach 1, but some exceed any crossover below 1: one test serves both.
      if (bound.max > crossover) {
        const where = bound.attained
          ? `at |w0| = ${show(bound.max)} L2 removes ${show(d * bound.max)} per step, L1 ${show(l1Pull)}`
          : `${show(1 - crossover)} of the weights drawn in (0, 1) lie above it`;
        add('l2-pulls-harder', `${label}: for |w| > ηλ1/ηλ2 = ${show(crossover)}, L2's pull ηλ2·|w| exceeds L1's ηλ1 (${where}); the notebook's argument assumes |w| < ${show(crossover)}.`);
      }
    }
    if (run.regulariser.rule === 'l1' && t > 0) {
      add(
        'sign-step-chatters',
        `${label}: the plain sign step moves each weight by ηλ1 = ${show(t)} and does not stop at 0: once |w| < ${show(t)} it jumps across zero and chatters in (−${show(t)}, ${show(t)}); it is exactly 0 only where f32 arithmetic lands there. Use l1-clip or l1-prox for exact zeros.`,
      );
    }
  });
  return caveats;
}
