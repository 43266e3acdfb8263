/**
 * What the runs compute, on the CPU engine through the lockstep loop, as the page runs them:
 * sparse recovery at a small size (proximal L1's exact zeros climb within a few steps from
 * the demo's start while L2 and no penalty have none; measurements see the step they were
 * taken after; the scatter's sample ends with the support), the walkthrough's penalty-only
 * runs, and regression on a table (the gradient against the formula, standardisation, the
 * held-out split); and the same runs on CPU engines in workers, as the page runs them, against
 * those on this thread.
 */
import { describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../src/engine/checks.ts';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { BIN_ZERO } from '../../src/engine/stats-layout.ts';
import type { Dataset } from '../../src/data/dataset.ts';
import type { Engine, EngineOptions, Snapshot, UpdateParams } from '../../src/engine/types.ts';
import { WorkerEngine } from '../../src/ui/cpu-worker/worker-engine.ts';
import { measureRow } from '../../src/ui/metrics-history.ts';
import { TrainingLoop } from '../../src/ui/training-loop.ts';
import { datasetWorkload, INIT_L1_STEPS, MEASURE_BUDGET, measureInterval, recoveryWorkload, walkthroughWorkload, type Measurement, type Workload } from '../../src/ui/workloads.ts';
import { startWorkerEngine } from '../helpers/worker-channel.ts';

type MakeEngine = (options: EngineOptions) => Engine | Promise<Engine>;

/**
 * Runs `steps` lockstep steps of `workload` with `rules` on CPU engines (on this thread, or
 * from `makeEngine`); returns the last snapshots, every snapshot, measurements and engines.
 */
async function run(workload: Workload, rules: UpdateParams[], steps: number, measureAt: number[] = [], makeEngine: MakeEngine = createCpuEngine) {
  const engines = await Promise.all(rules.map(() => makeEngine({ paramCount: workload.paramCount, init: workload.init })));
  const runs = await Promise.all(engines.map((e) => workload.createRun(e)));
  const latest: (Snapshot | null)[] = rules.map(() => null);
  const snapshots: Snapshot[][] = rules.map(() => []);
  const measured: Promise<Measurement>[][] = rules.map(() => []);
  const loop = new TrainingLoop({
    runs: engines.map((engine, i) => ({ engine, params: () => rules[i]!, prepare: (step) => runs[i]!.prepare(step) })),
    onSnapshot: (s, _after, i) => {
      latest[i] = s;
      snapshots[i]!.push(s);
    },
    onStep: (step) => {
      if (measureAt.includes(step)) runs.forEach((r, i) => measured[i]!.push(r.measure(step)));
    },
  });
  if (measureAt.includes(0)) runs.forEach((r, i) => measured[i]!.push(r.measure(0)));
  loop.start(steps);
  await until(() => !loop.running);
  await Promise.all(engines.map((e) => e.settled()));
  loop.dispose();
  return { engines, runs, latest, snapshots, measured: await Promise.all(measured.map((m) => Promise.all(m))) };
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(done()).toBe(true);
}

const zeros = (s: Snapshot | null) => s!.counts[BIN_ZERO]!;

describe('ui: workloads', () => {
  test('measurements cost a fixed share of the work', () => {
    expect(measureInterval(256, 128)).toBe(Math.ceil(1 / MEASURE_BUDGET));
    expect(measureInterval(10, 1_000)).toBe(1);
  });

  test('sparse recovery: L1 zeroes nearly every weight within a few steps; L2 and none zero none', async () => {
    const workload = recoveryWorkload({ samples: 64, nonzeros: 3, noise: 0.1, batch: null, seed: 1 }, 2_000);
    const lr = workload.suggestedLr;
    expect(workload.init).toEqual({ kind: 'symmetric', scale: INIT_L1_STEPS * lr, seed: 1 });
    const rules = [
      toUpdateParams({ rule: 'l1-prox', lr, l1: 1, l2: 0 }),
      toUpdateParams({ rule: 'l2', lr, l1: 0, l2: 1 }),
      toUpdateParams({ rule: 'none', lr, l1: 0, l2: 0 }),
    ];
    const { latest, measured, runs } = await run(workload, rules, 2 * INIT_L1_STEPS, [0, 2 * INIT_L1_STEPS]);
    expect(latest.map((s) => s!.step)).toEqual([10, 10, 10]);
    expect(zeros(latest[0]!) / 2_000).toBeGreaterThan(0.9);
    expect(zeros(latest[1]!)).toBe(0);
    expect(zeros(latest[2]!)).toBe(0);
    // Measured at step 0 the runs are identical; by step 10 no penalty fits the training rows best.
    const [l1, l2, none] = measured.map((m) => m.map((x) => measureRow(latest[0]!, x, workload.truth)));
    expect(l1![0]!.loss).toBe(none![0]!.loss);
    expect(measured[0]![1]!.step).toBe(10);
    expect(none![1]!.loss).toBeLessThan(l1![1]!.loss);
    expect(l2![1]!.heldOutLoss).not.toBeNull();
    // The scatter's sample: the first weights, then the 3 on the support.
    const sample = await runs[0]!.sample(100);
    expect(sample).toHaveLength(103);
  });

  test('in workers (the CPU fallback in the page): the same snapshots, measurements, sample and weights as on this thread', async () => {
    const workload = recoveryWorkload({ samples: 32, nonzeros: 3, noise: 0.1, batch: 8, seed: 2 }, 1_001);
    const lr = workload.suggestedLr;
    const rules = [toUpdateParams({ rule: 'l1-prox', lr, l1: 1, l2: 0 }), toUpdateParams({ rule: 'l2', lr, l1: 0, l2: 1 })];
    const here = await run(workload, rules, 12, [0, 5, 12]);
    const there = await run(workload, rules, 12, [0, 5, 12], startWorkerEngine);
    try {
      expect(there.engines.every((e) => e instanceof WorkerEngine)).toBe(true);
      // Which steps carry a snapshot depends on timing (the loop's back-pressure); a step's snapshot does not.
      const plain = (s: Snapshot) => ({ ...s, counts: [...s.counts] });
      there.snapshots.forEach((snapshots, i) => {
        const same = snapshots.filter((s) => here.snapshots[i]!.some((h) => h.step === s.step));
        expect(same.map((s) => s.step)).toContain(12);
        expect(same.length).toBeGreaterThan(3);
        for (const s of same) expect(plain(s)).toEqual(plain(here.snapshots[i]!.filter((h) => h.step === s.step).at(-1)!));
      });
      expect(there.measured).toEqual(here.measured);
      expect(await there.runs[1]!.sample(50)).toEqual(await here.runs[1]!.sample(50));
      for (let i = 0; i < rules.length; i++) expect(await there.engines[i]!.readWeights()).toEqual(await here.engines[i]!.readWeights());
    } finally {
      for (const engine of there.engines) engine.destroy();
    }
  });

  test('a table on an engine in a worker: its sums stay on this thread, over weights read from the worker, as on this thread’s engine', async () => {
    const workload = datasetWorkload(TABLE, 1, 0.1);
    const rules = [toUpdateParams({ rule: 'l1-prox', lr: workload.suggestedLr, l1: 0.1, l2: 0 })];
    const here = await run(workload, rules, 30, [30]);
    const there = await run(workload, rules, 30, [30], startWorkerEngine);
    try {
      expect(there.measured).toEqual(here.measured);
      expect(await there.engines[0]!.readWeights()).toEqual(await here.engines[0]!.readWeights());
    } finally {
      there.engines[0]!.destroy();
    }
  });

  test('the walkthrough: no gradient, nothing to measure, weights in (0, 1)', async () => {
    const workload = walkthroughWorkload(1000, 3);
    expect(workload.measureEvery).toBe(0);
    const { latest, runs } = await run(workload, [toUpdateParams({ rule: 'l1-prox', lr: 1, l1: 0.01, l2: 0 })], 100);
    expect(zeros(latest[0]!)).toBe(1000);
    await expect(runs[0]!.measure(100)).rejects.toThrow('no loss');
  });

  const TABLE: Dataset = {
    features: Float32Array.of(1, 10, 2, 10, 3, 10, 4, 10, 5, 10, 6, 10, 7, 10, 8, 10, 9, 10, 10, 10),
    target: Float32Array.of(3, 5, 7, 9, 11, 13, 15, 17, 19, 21),
    sampleCount: 10,
    featureCount: 2,
    featureNames: ['x', 'constant'],
    targetName: 'y',
  };

  test('a table: a fifth of the rows held out by the seed, standardised (the problem and the sums are dataset-problem.test.ts)', () => {
    const workload = datasetWorkload(TABLE, 1, 0.1);
    expect(workload.paramCount).toBe(2);
    expect(workload.summary).toContain('8 training and 2 held-out rows');
    expect(workload.summary).toContain('“y”');
  });

  test('regression on the table: L1 zeroes the constant column and fits the slope; no truth, no F1', async () => {
    const workload = datasetWorkload(TABLE, 1, 0.1);
    expect(workload.truth).toBeNull();
    const lr = workload.suggestedLr;
    const { engines, measured, latest } = await run(workload, [toUpdateParams({ rule: 'l1-prox', lr, l1: 0.1, l2: 0 })], 200, [200]);
    const w = await (engines[0] as Engine).readWeights();
    expect(w[1]).toBe(0);
    // y = 2x + 1, x standardised: slope 2·sd(x) ≈ 5.74, shrunk by λ1/2 under L1.
    expect(w[0]).toBeGreaterThan(5);
    const row = measureRow(latest[0]!, measured[0]![0]!, null);
    expect(row.supportF1).toBeNull();
    expect(row.loss).toBeLessThan(0.1);
  });
});
