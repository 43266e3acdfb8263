/**
 * The walkthrough's interactive figures: one per point where the notebook's argument needs
 * care. Each has its controls (figure-fields.ts), a paragraph saying what it shows, and a
 * `compute` that runs the CPU engine's update on the reader's numbers (rule-traces.ts) and
 * returns the lines to draw and what the run found, in sentences with the run's own numbers.
 * Nothing here is drawn from canned numbers; nothing here draws (the figure element and
 * charts/figure-chart.ts do).
 */
import { toUpdateParams } from '../../engine/checks.ts';
import type { Regulariser } from '../../engine/types.ts';
import { caveatsFor, type CaveatKind } from '../../problems/walkthrough-caveats.ts';
import { predictStepToZero } from '../../problems/walkthrough.ts';
import { formatCount, formatFraction } from '../snapshot-summary.ts';
import type { FigureField, FigureValues } from './figure-fields.ts';
import { firstStall, firstZero, flicker, ieeeDecay, pulls, trajectories, zeroShares } from './rule-traces.ts';
import { f32Text } from './tex-number.ts';

export interface FigurePoint {
  x: number;
  y: number;
}

export interface FigureLine {
  label: string;
  /** A theme colour token, such as --sw-run-1. */
  colour: string;
  dashed?: boolean;
  points: FigurePoint[];
}

export interface FigureData {
  /** Axis titles. */
  x: string;
  y: string;
  lines: FigureLine[];
  /** What this run shows, in sentences with its own numbers. */
  findings: string[];
}

export interface CaveatFigure {
  id: string;
  heading: string;
  /** One paragraph: what the figure shows and why it matters. */
  explanation: string;
  fields: readonly FigureField[];
  defaults: FigureValues;
  /** Runs the engine on checked values; throws `ConfigError` for values the engine refuses. */
  compute(values: FigureValues): FigureData;
}

const LR: FigureField = { id: 'lr', label: 'Learning rate η', min: 0, max: 100, step: 'any' };
const L1: FigureField = { id: 'l1', label: 'λ1 (L1 strength)', min: 0, max: 100, step: 'any' };
const L2: FigureField = { id: 'l2', label: 'λ2 (L2 strength)', min: 0, max: 100, step: 'any' };
const W0: FigureField = { id: 'w0', label: 'Starting weight w0', min: -1000, max: 1000, step: 'any' };
const steps = (max: number): FigureField => ({ id: 'steps', label: 'Steps', min: 1, max, step: 1, integer: true });

/** At most this many points per line: a chart of 200,000 steps needs no more to show its shape. */
const MAX_POINTS = 800;

/**
 * Points (step, y(w_step)) of a series, at most MAX_POINTS of them, always keeping the first and
 * last steps and the steps in `keep`; steps whose y is not finite (log2 of 0) are left out.
 */
export function seriesPoints(series: Float32Array, y: (w: number) => number = (w) => w, keep: readonly (number | null)[] = []): FigurePoint[] {
  const last = series.length - 1;
  const stride = Math.max(1, Math.ceil(series.length / MAX_POINTS));
  const steps = new Set<number>([0, last]);
  for (let step = 0; step <= last; step += stride) steps.add(step);
  for (const step of keep) if (step !== null && step >= 0 && step <= last) steps.add(step);
  return [...steps]
    .sort((a, b) => a - b)
    .map((step) => ({ x: step, y: y(series[step]!) }))
    .filter((p) => Number.isFinite(p.y));
}

const regulariser = (rule: Regulariser['rule'], v: FigureValues): Regulariser => ({
  rule,
  lr: v.lr!,
  l1: rule === 'l1' || rule === 'l1-clip' || rule === 'l1-prox' ? v.l1! : 0,
  l2: rule === 'l2' ? v.l2! : 0,
});

/** The walkthrough's caveat messages (walkthrough-caveats.ts) for these runs in lockstep from w0, of the kinds asked for (all by default). */
export function caveatMessages(runs: readonly Regulariser[], w0: number, kinds?: readonly CaveatKind[]): string[] {
  const settings = runs.map((r) => ({ regulariser: r, weights: { kind: 'given' as const, w0: [w0] }, steps: 1, snapshotEvery: 1, epsilon: 1e-6 }));
  return caveatsFor(settings)
    .filter((c) => !kinds || kinds.includes(c.kind))
    .map((c) => c.message);
}

/** "at step 8", or "not within 20 steps". */
function when(step: number | null, steps: number): string {
  return step === null ? `not within ${formatCount(steps)} steps` : `at step ${formatCount(step)}`;
}

const eta: CaveatFigure = {
  id: 'eta',
  heading: 'η made explicit: a step moves a weight by ηλ, not by λ',
  explanation:
    'The notebook writes w ← w − ∂E/∂w, a learning rate of 1. Every optimiser multiplies the gradient by a learning rate η, so one L1 step moves a weight by ηλ1 and one L2 step by ηλ2·w. The argument survives, since L1 still removes a constant and L2 a proportion, but the time to zero is ⌈|w0|/(ηλ1)⌉ steps: λ alone says nothing about speed, and halving η doubles it. Tools also scale λ differently (per sample, summed or averaged over a batch), so the same λ in two libraries is rarely the same step.',
  fields: [LR, L1, L2, W0],
  defaults: { lr: 0.5, l1: 0.1, l2: 0.1, w0: 0.8 },
  compute(v) {
    const at = (lr: number) => ({ prox: toUpdateParams(regulariser('l1-prox', { ...v, lr })), l2: toUpdateParams(regulariser('l2', { ...v, lr })) });
    const mine = at(v.lr!);
    const notebook = at(1);
    const w0 = Math.fround(v.w0!);
    const predicted = predictStepToZero(w0, mine.prox.l1Step);
    const predictedNotebook = predictStepToZero(w0, notebook.prox.l1Step);
    const count = Math.min(400, Math.max(10, Math.max(predicted ?? 0, predictedNotebook ?? 0) + 4));
    const [proxMine] = trajectories([w0], mine.prox, count);
    const [proxNotebook] = trajectories([w0], notebook.prox, count);
    const [l2Mine] = trajectories([w0], mine.l2, count);
    const [l2Notebook] = trajectories([w0], notebook.l2, count);
    const eta = f32Text(v.lr!);
    return {
      x: 'step',
      y: 'w',
      lines: [
        { label: `proximal L1, η = ${eta}`, colour: '--sw-run-1', points: seriesPoints(proxMine!) },
        { label: 'proximal L1, η = 1 (the notebook)', colour: '--sw-run-1', dashed: true, points: seriesPoints(proxNotebook!) },
        { label: `L2, η = ${eta}`, colour: '--sw-run-2', points: seriesPoints(l2Mine!) },
        { label: 'L2, η = 1 (the notebook)', colour: '--sw-run-2', dashed: true, points: seriesPoints(l2Notebook!) },
      ],
      findings: [
        `With η = ${eta}, one L1 step removes ηλ1 = ${f32Text(mine.prox.l1Step)} (λ1 is ${f32Text(v.l1!)}); one L2 step removes ηλ2·|w| = ${f32Text(Math.abs(w0 - l2Mine![1]!))} from w0 = ${f32Text(w0)}.`,
        `Proximal L1 reaches exactly 0 ${when(firstZero(proxMine!), count)} (⌈|w0|/(ηλ1)⌉ = ${predicted ?? '—'}); with the notebook's η = 1, ${when(firstZero(proxNotebook!), count)}.`,
        `L2 after ${formatCount(count)} steps: ${f32Text(l2Mine![count]!)} with η = ${eta}, ${f32Text(l2Notebook![count]!)} with η = 1.`,
        ...caveatMessages([regulariser('l2', v)], w0, ['l2-lands-on-zero', 'l2-overshoots', 'l2-oscillates', 'l2-diverges']),
      ],
    };
  },
};

const pull: CaveatFigure = {
  id: 'pull',
  heading: '|w| > 1: L2 pulls harder than L1',
  explanation:
    "The notebook's key inequality, λw < λ, needs 0 < w < 1 (and the same λ for both). One step of L1 removes ηλ1 whatever the weight; one step of L2 removes ηλ2·|w|, which grows with the weight. Above |w| = λ1/λ2 (1 for equal λ) L2 removes more per step than L1: large weights shrink faster under L2, and only near zero does L1's constant pull win. That is why L1 gives exact zeros and L2 does not, not that L1 is stronger everywhere.",
  fields: [L1, L2, LR, { id: 'wMax', label: 'Largest |w| shown', min: 0.01, max: 1000, step: 'any' }],
  defaults: { l1: 0.1, l2: 0.1, lr: 1, wMax: 3 },
  compute(v) {
    const sign = toUpdateParams(regulariser('l1', v));
    const l2 = toUpdateParams(regulariser('l2', v));
    const grid = Float32Array.from({ length: 121 }, (_, j) => (v.wMax! * j) / 120);
    const l1Pull = pulls(grid, sign);
    const l2Pull = pulls(grid, l2);
    const points = (removed: Float32Array) => Array.from(grid, (x, j) => ({ x, y: removed[j]! }));
    const first = grid.findIndex((_, j) => l2Pull[j]! > l1Pull[j]!);
    const last = grid.length - 1;
    const crossover = l2.l2Decay > 0 ? `|w| = ηλ1/ηλ2 = ${f32Text(sign.l1Step / l2.l2Decay)}` : 'no |w|, since ηλ2 = 0';
    return {
      x: '|w| before the step',
      y: "removed by one step, w − w′",
      lines: [
        { label: 'L1 sign step (eq. 3a)', colour: '--sw-run-1', points: points(l1Pull) },
        { label: 'L2 (eq. 4)', colour: '--sw-run-2', points: points(l2Pull) },
      ],
      findings: [
        `One L1 step removes ηλ1 = ${f32Text(sign.l1Step)} at any |w|; one L2 step removes ηλ2·|w|, which equals it at ${crossover}.`,
        first < 0
          ? `Up to |w| = ${f32Text(grid[last]!)}, the engine's L2 step never removes more than its L1 step.`
          : `Stepping the engine: L2 removes more than L1 from |w| = ${f32Text(grid[first]!)} (the first point past the crossing) on; at |w| = ${f32Text(grid[last]!)}, L2 removes ${f32Text(l2Pull[last]!)} and L1 ${f32Text(l1Pull[last]!)}.`,
        ...caveatMessages([regulariser('l1', v), regulariser('l2', v)], v.wMax!, ['l2-pulls-harder']),
      ],
    };
  },
};

const overshoot: CaveatFigure = {
  id: 'overshoot',
  heading: 'ηλ2 ≥ 1: L2 overshoots, and past 2 it diverges',
  explanation:
    "L2's step multiplies the weight by 1 − ηλ2. The notebook's 0 < λ < 1 with η = 1 keeps that factor between 0 and 1: a smooth geometric decay that never reaches zero. At ηλ2 = 1 a single step lands exactly on zero; between 1 and 2 the weight flips sign every step while it shrinks; at 2 it flips forever; above 2 every step makes it larger. Nothing in λ alone warns of this: it is the product with η that counts.",
  fields: [LR, L2, W0, steps(200)],
  defaults: { lr: 1, l2: 1.5, w0: 0.5, steps: 12 },
  compute(v) {
    const params = toUpdateParams(regulariser('l2', v));
    const count = v.steps!;
    const [series] = trajectories([v.w0!], params, count);
    const w = series!;
    const flips = w.reduce((n, x, k) => n + (k > 0 && Math.sign(x) * Math.sign(w[k - 1]!) < 0 ? 1 : 0), 0);
    const overflow = w.findIndex((x) => !Number.isFinite(x));
    const regime = caveatMessages([regulariser('l2', v)], v.w0!, ['l2-lands-on-zero', 'l2-overshoots', 'l2-oscillates', 'l2-diverges', 'nothing-moves']);
    return {
      x: 'step',
      y: 'w',
      lines: [{ label: `L2, ηλ2 = ${f32Text(params.l2Decay)}`, colour: '--sw-run-2', points: seriesPoints(w) }],
      findings: [
        `Each step multiplies w by 1 − ηλ2 = ${f32Text(1 - params.l2Decay)}.`,
        ...(regime.length > 0 ? regime : ['0 < ηλ2 < 1: the weight keeps its sign and shrinks geometrically, the notebook\'s regime.']),
        overflow >= 0
          ? `|w| passed f32's range at step ${formatCount(overflow)}: from there it is ${f32Text(w[overflow]!)}, which the engine leaves as it is.`
          : `After ${formatCount(count)} steps w = ${f32Text(w[count]!)}, with ${formatCount(flips)} sign changes on the way.`,
      ],
    };
  },
};

const chatter: CaveatFigure = {
  id: 'chatter',
  heading: 'The sign step chatters; clipping and the proximal step stop at zero',
  explanation:
    "Eq. 3 as written subtracts ηλ1·sign(w) every step. Once |w| < ηλ1 the next step jumps across zero, and the one after jumps back: the weight chatters in (−ηλ1, ηλ1) and is exactly 0 only if the arithmetic happens to land there, which in f32 it rarely does (0.3 − 0.1 − 0.1 − 0.1 is 1.49e-8 in f32, not 0). Clipping (stop at 0 when the L1 step would cross it; TensorFlow Playground, truncated gradient) and the proximal step (soft thresholding, ISTA) give exact zeros, which is what makes L1's sparsity visible.",
  fields: [W0, L1, LR, steps(200)],
  defaults: { w0: 0.3, l1: 0.1, lr: 1, steps: 10 },
  compute(v) {
    const count = v.steps!;
    const run = (rule: 'l1' | 'l1-clip' | 'l1-prox') => trajectories([v.w0!], toUpdateParams(regulariser(rule, v)), count)[0]!;
    const sign = run('l1');
    const clip = run('l1-clip');
    const prox = run('l1-prox');
    const closest = sign.reduce((best, w, k) => (k > 0 && Math.abs(w) < Math.abs(sign[best]!) ? k : best), 1);
    const signZeros = sign.reduce((n, w, k) => n + (k > 0 && w === 0 ? 1 : 0), 0);
    const stays = (w: Float32Array) => {
      const from = firstZero(w);
      if (from === null) return `is not 0 within ${formatCount(count)} steps`;
      return w.subarray(from).every((x) => x === 0) ? `is exactly 0 from step ${formatCount(from)} and stays there` : `first reaches 0 at step ${formatCount(from)} but leaves it`;
    };
    return {
      x: 'step',
      y: 'w',
      lines: [
        { label: 'sign step (eq. 3)', colour: '--sw-negative', points: seriesPoints(sign) },
        { label: 'clipped at zero', colour: '--sw-special', dashed: true, points: seriesPoints(clip) },
        { label: 'proximal', colour: '--sw-run-1', points: seriesPoints(prox) },
      ],
      findings: [
        `The sign step comes closest to 0 at step ${formatCount(closest)}, with w = ${f32Text(sign[closest]!)}; it is exactly 0 after ${formatCount(signZeros)} of ${formatCount(count)} steps, and ends at ${f32Text(sign[count]!)}.`,
        `Clipped, the weight ${stays(clip)}; proximal, it ${stays(prox)}.`,
      ],
    };
  },
};

const staysAtZero: CaveatFigure = {
  id: 'stays-at-zero',
  heading: 'A weight stays at zero only while |∂E0/∂w| ≤ λ1',
  explanation:
    "At w = 0, |w| has no slope, only a range of them: any value in [−1, 1]. Zero is where E0 + λ1|w| is smallest along that weight exactly when the data's pull |∂E0/∂w| there is at most λ1 (the condition glmnet's λ_max is built on: above it, every weight is zero). The proximal step implements that test: from 0 it stays at 0 as long as |∂E0/∂w| ≤ λ1, and moves by η(|∂E0/∂w| − λ1) per step otherwise. The chart gives every weight its own constant gradient and counts how often it sits at exactly 0. The clipped step, from 0, first takes the plain gradient step (sign(0) = 0), so it leaves zero for any non-zero gradient and only sometimes clips back.",
  fields: [{ id: 'g', label: 'Data gradient ∂E0/∂w (constant)', min: -100, max: 100, step: 'any' }, L1, LR, steps(1000)],
  defaults: { g: 0.05, l1: 0.1, lr: 1, steps: 20 },
  compute(v) {
    const count = v.steps!;
    const prox = toUpdateParams(regulariser('l1-prox', v));
    const clip = toUpdateParams(regulariser('l1-clip', v));
    const span = Math.max(3 * v.l1!, 1.5 * Math.abs(v.g!), 0.01);
    const grid = Float32Array.from({ length: 161 }, (_, j) => -span + (2 * span * j) / 160);
    const proxShares = zeroShares(grid, prox, count).share;
    const clipShares = zeroShares(grid, clip, count).share;
    const points = (share: Float32Array) => Array.from(grid, (x, j) => ({ x, y: share[j]! }));
    const held = grid.filter((_, j) => proxShares[j] === 1);
    const mine = zeroShares(Float32Array.of(v.g!), prox, count);
    const g = Math.fround(v.g!);
    const verdict = `|∂E0/∂w| = ${f32Text(Math.abs(g))} ${Math.abs(g) <= Math.fround(v.l1!) ? '≤' : '>'} λ1 = ${f32Text(v.l1!)}`;
    return {
      x: 'constant data gradient ∂E0/∂w',
      y: `share of ${formatCount(count)} steps ending at exactly 0`,
      lines: [
        { label: 'proximal', colour: '--sw-run-1', points: points(proxShares) },
        { label: 'clipped at zero', colour: '--sw-special', dashed: true, points: points(clipShares) },
      ],
      findings: [
        mine.share[0] === 1
          ? `${verdict}: the proximal step keeps the weight at exactly 0 for all ${formatCount(count)} steps.`
          : `${verdict}: the proximal step moves the weight off 0; after ${formatCount(count)} steps it is ${f32Text(mine.last[0]!)}.`,
        held.length > 0
          ? `Across the chart, the proximal step held the weight at 0 for every gradient from ${f32Text(held[0]!)} to ${f32Text(held.at(-1)!)}, the grid points inside |∂E0/∂w| ≤ λ1 = ${f32Text(v.l1!)}.`
          : `Across the chart no gradient kept the weight at 0 (λ1 = ${f32Text(v.l1!)}).`,
      ],
    };
  },
};

const minibatch: CaveatFigure = {
  id: 'flicker',
  heading: 'Minibatch noise makes zeros flicker',
  explanation:
    "With the full batch, a weight whose |∂E0/∂w| ≤ λ1 stays at 0. A minibatch sees that gradient plus noise, and every step in which the noise pushes it past λ1 moves the weight off zero; later steps pull it back. So the count of exact zeros in a minibatch run flickers, and a weight that is zero now was not necessarily zero a moment ago. Here every weight starts at its optimum, 0, with full-batch gradient ḡ and minibatch noise σ (a seeded Gaussian-like draw per weight and step), under the proximal step; the counts are the engine's own became-zero and left-zero statistics. Remedies: the cumulative penalty of Tsuruoka et al. (2009), as scikit-learn's SGD uses, or averaging the iterates.",
  fields: [
    { id: 'gMean', label: 'Full-batch gradient ḡ', min: -100, max: 100, step: 'any' },
    { id: 'noise', label: 'Minibatch noise σ', min: 0, max: 100, step: 'any' },
    L1,
    LR,
    { id: 'count', label: 'Weights', min: 1, max: 5000, step: 1, integer: true },
    steps(500),
    { id: 'seed', label: 'Noise draw', min: 0, max: 4_294_967_295, step: 1, integer: true, hint: 'Seeds the noise: the same number repeats the run.' },
  ],
  defaults: { gMean: 0.05, noise: 0.1, l1: 0.1, lr: 1, count: 1000, steps: 100, seed: 1 },
  compute(v) {
    const params = toUpdateParams(regulariser('l1-prox', v));
    const result = flicker({ count: v.count!, steps: v.steps!, meanGradient: v.gMean!, noise: v.noise!, seed: v.seed! }, params);
    const line = (key: 'zero' | 'left' | 'became') => result.steps.map((s) => ({ x: s.step, y: s[key] }));
    const last = result.steps.at(-1)!;
    const fullBatch =
      Math.abs(Math.fround(v.gMean!)) <= Math.fround(v.l1!)
        ? `Full batch: |ḡ| = ${f32Text(Math.abs(v.gMean!))} ≤ λ1 = ${f32Text(v.l1!)}, so 0 is every weight's optimum and without noise all would stay there.`
        : `Full batch: |ḡ| = ${f32Text(Math.abs(v.gMean!))} > λ1 = ${f32Text(v.l1!)}, so even without noise every weight leaves 0.`;
    return {
      x: 'step',
      y: 'fraction of the weights',
      lines: [
        { label: 'exactly 0 after the step', colour: '--sw-run-1', points: line('zero') },
        { label: 'left 0 in the step', colour: '--sw-negative', points: line('left') },
        { label: 'came back to 0 in the step', colour: '--sw-positive', dashed: true, points: line('became') },
      ],
      findings: [
        fullBatch,
        `With σ = ${f32Text(v.noise!)}: ${formatCount(result.everLeft)} of ${formatCount(v.count!)} weights (${formatFraction(result.everLeft / v.count!)}) left 0 at least once in ${formatCount(v.steps!)} steps, ${formatCount(result.departures)} departures in all; after the last step ${formatFraction(last.zero)} were exactly 0.`,
      ],
    };
  },
};

/** The smallest normal f32, 2^−126: below it the engine writes 0. */
const MIN_NORMAL = 2 ** -126;

const subnormal: CaveatFigure = {
  id: 'subnormal',
  heading: 'L2 in f32: stalled, or flushed to zero',
  explanation:
    "In exact arithmetic L2 never reaches zero: w0·(1 − ηλ2)^k > 0 for every k. In f32 it cannot shrink forever. With a tiny ηλ2, ηλ2·w is under half the gap between neighbouring f32 values around w, so w − ηλ2·w rounds back to w and the weight never moves. Otherwise it decays geometrically towards the bottom of the normal range, 2^−126 ≈ 1.2e-38, where a GPU may flush subnormal numbers to zero; the engine does so on purpose, for every operand and result (its f32 contract, so both engines agree). Which one flushes first depends on ηλ2: below 1/2 the decay term ηλ2·w drops under 2^−126 first, is read as 0, and the weight stops for good near 2^−126/(ηλ2); above 1/2 the result drops under first and is written as an exact 0, an artefact of the number format, not of L2. Plain IEEE f32 with gradual underflow (dashed, computed beside the engine, not by it) goes on into the subnormals, where it stalls, or for large ηλ2 rounds to 0.",
  fields: [W0, L2, LR, steps(200_000)],
  defaults: { w0: 0.5, l2: 0.01, lr: 1, steps: 20_000 },
  compute(v) {
    const count = v.steps!;
    const params = toUpdateParams(regulariser('l2', v));
    const [engine] = trajectories([v.w0!], params, count);
    const ieee = ieeeDecay(v.w0!, params.l2Decay, count);
    const zero = firstZero(engine!);
    const stall = firstStall(engine!);
    const ieeeZero = firstZero(ieee);
    const ieeeStall = firstStall(ieee);
    const why = (w: number) => {
      const decay = Math.fround(params.l2Decay * w);
      return Math.abs(decay) < MIN_NORMAL
        ? `ηλ2·w = ${f32Text(decay)} is below 2^−126, so the engine reads it as 0 and subtracts nothing`
        : `ηλ2·w = ${f32Text(decay)} is under half the f32 spacing at w, so w − ηλ2·w rounds back to w`;
    };
    const engineFinding =
      zero !== null && zero > 0
        ? `The engine: exactly 0 at step ${formatCount(zero)}. The step before it held ${f32Text(engine![zero - 1]!)}; (1 − ηλ2)·w fell below 2^−126 = ${f32Text(MIN_NORMAL)}, which the engine writes as 0.`
        : stall !== null
          ? `The engine: w stops changing at step ${formatCount(stall.step)}, at ${f32Text(stall.value)}: ${why(stall.value)}.`
          : `The engine: still shrinking after ${formatCount(count)} steps, at ${f32Text(engine![count]!)}.`;
    const ieeeFinding =
      ieeeZero !== null && ieeeZero > 0
        ? `IEEE f32 with gradual underflow reaches 0 at step ${formatCount(ieeeZero)}.`
        : ieeeStall !== null
          ? `IEEE f32 with gradual underflow stops changing at step ${formatCount(ieeeStall.step)}, at ${f32Text(ieeeStall.value)}${Math.abs(ieeeStall.value) < MIN_NORMAL ? ' (a subnormal)' : ''}.`
          : `IEEE f32 with gradual underflow is still shrinking after ${formatCount(count)} steps, at ${f32Text(ieee[count]!)}.`;
    const log2 = (w: number) => Math.log2(Math.abs(w));
    return {
      x: 'step',
      y: 'log2 |w|',
      lines: [
        { label: 'the engine (flushes below 2^−126)', colour: '--sw-run-2', points: seriesPoints(engine!, log2, [zero === null ? null : zero - 1, stall?.step ?? null]) },
        { label: 'IEEE f32, gradual underflow (not the engine)', colour: '--sw-special', dashed: true, points: seriesPoints(ieee, log2, [ieeeStall?.step ?? null]) },
        { label: '2^−126, the smallest normal f32', colour: '--sw-muted', dashed: true, points: [{ x: 0, y: -126 }, { x: count, y: -126 }] },
      ],
      findings: [engineFinding, ieeeFinding],
    };
  },
};

/** The figures in the order the walkthrough shows them. */
export const CAVEAT_FIGURES: readonly CaveatFigure[] = [eta, pull, overshoot, chatter, staysAtZero, minibatch, subnormal];
