/**
 * The CPU engine in a worker, without a browser: the worker's side (serveCpuRun) and the
 * page's (WorkerEngine, WorkerRegression) talk through a MessageChannel in Node
 * (helpers/worker-channel.ts), as they do through a Worker in the page. Everything is checked against the CPU engine and the
 * CPU regression sums called directly, with the same calls: bit for bit, since both sides
 * run the same code and only the messages differ.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../src/engine/checks.ts';
import { ConfigError } from '../../src/engine/config-error.ts';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import type { Engine, Snapshot, WeightInit } from '../../src/engine/types.ts';
import { CpuRegression } from '../../src/problems/regression/cpu-regression.ts';
import { DEFAULT_REGRESSION, RegressionProblem, selectRows } from '../../src/problems/regression/index.ts';
import type { WorkerEngine } from '../../src/ui/cpu-worker/worker-engine.ts';
import { WorkerRegression } from '../../src/ui/cpu-worker/worker-regression.ts';
import { expectConfigError } from '../helpers/config-error.ts';
import { startWorkerEngine } from '../helpers/worker-channel.ts';

const INIT: WeightInit = { kind: 'symmetric', scale: 0.5, seed: 7 };
const PROX = toUpdateParams({ rule: 'l1-prox', lr: 0.5, l1: 0.05, l2: 0 });
const CLIP = toUpdateParams({ rule: 'l1-clip', lr: 0.5, l1: 0.02, l2: 0.1 });
const L2 = toUpdateParams({ rule: 'l2', lr: 0.5, l1: 0, l2: 0.2 });

const open: WorkerEngine[] = [];
afterEach(() => {
  for (const engine of open.splice(0)) engine.destroy();
});

async function startEngine(paramCount: number, init: WeightInit = INIT): Promise<WorkerEngine> {
  const engine = await startWorkerEngine({ paramCount, init });
  open.push(engine);
  return engine;
}

function record(engine: Engine): Snapshot[] {
  const seen: Snapshot[] = [];
  engine.onSnapshot((s) => seen.push(s));
  return seen;
}

/** Plain values of a snapshot, for toEqual across the two engines. */
const plain = (s: Snapshot) => ({ step: s.step, paramCount: s.paramCount, counts: [...s.counts], l1Norm: s.l1Norm, l2NormSquared: s.l2NormSquared });

/** A gradient that differs per step and per weight, with zeros, so every rule has work. */
function gradientOf(step: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => ((i * 7 + step * 13) % 11 === 0 ? 0 : Math.sin(i * 0.37 + step) * 0.3));
}

describe('ui: CPU engine in a worker', () => {
  test('the same snapshots and weights as the CPU engine given the same calls, in step order', async () => {
    const n = 1_001; // odd, past a multiple of four
    const direct = createCpuEngine({ paramCount: n, init: INIT });
    const remote = await startEngine(n);
    const seenDirect = record(direct);
    const seenRemote = record(remote);
    for (const engine of [direct, remote]) {
      engine.requestSnapshot();
      for (let step = 0; step < 12; step++) {
        engine.writeGradient(gradientOf(step, n));
        engine.step([PROX, CLIP, L2][step % 3]!, { snapshot: step % 4 !== 1 });
      }
      engine.writeWeights(Float32Array.of(0, -0, 1e-40, 3), 500);
      engine.requestSnapshot();
    }
    expect(remote.stepCount).toBe(12); // counted as sent, before the worker has done them
    await remote.settled();
    await direct.settled();
    expect(seenRemote.map(plain)).toEqual(seenDirect.map(plain));
    expect(seenRemote.map((s) => s.step)).toEqual([0, 1, 3, 4, 5, 7, 8, 9, 11, 12, 12]);
    const [a, b] = await Promise.all([direct.readWeights(), remote.readWeights()]);
    expect(new Uint32Array(b.buffer)).toEqual(new Uint32Array(a.buffer));
    expect(await remote.readWeights(498, 5)).toEqual(a.slice(498, 503));
  });

  test('a read sent after steps sees them, without waiting for settled; initWeights starts the count again', async () => {
    const remote = await startEngine(64);
    const direct = createCpuEngine({ paramCount: 64, init: INIT });
    for (const engine of [direct, remote]) {
      engine.writeGradient(gradientOf(3, 64));
      engine.step(PROX);
      engine.step(PROX);
    }
    expect(await remote.readWeights(0, 64)).toEqual(await direct.readWeights(0, 64));
    remote.initWeights({ ...INIT, seed: 8 });
    expect(remote.stepCount).toBe(0);
    expect(await remote.readWeights()).toEqual(await createCpuEngine({ paramCount: 64, init: { ...INIT, seed: 8 } }).readWeights());
  });

  test('bad input is refused as the CPU engine refuses it: at once for writes and inits, as a rejection for reads and start', async () => {
    const remote = await startEngine(10);
    const direct = createCpuEngine({ paramCount: 10, init: INIT });
    for (const engine of [direct, remote]) {
      expectConfigError(() => engine.writeWeights(new Float32Array(4), 7), 'offset', 'from 0 to 6');
      expectConfigError(() => engine.writeGradient(new Float32Array(11)), 'values.length', 'at most paramCount (10)');
      expectConfigError(() => engine.initWeights({ ...INIT, scale: -1 }), 'init.scale');
      await expect(engine.readWeights(8, 3)).rejects.toThrow(/^readWeights\.count: got 3/);
    }
    const refused = startWorkerEngine({ paramCount: 0, init: INIT });
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toMatchObject({ field: 'paramCount', message: expect.stringMatching(/^paramCount: got 0; allowed: a whole number from 1/) });
    // Nothing was sent for the refused calls: the engine still matches.
    expect(await remote.readWeights()).toEqual(await direct.readWeights());
  });

  test('an error in a call without an answer fails the engine: waiting reads reject and every later call throws it', async () => {
    const remote = await startEngine(16);
    remote.post({ op: 'dropRegression', backend: 5 }); // harmless: nothing to drop
    remote.post({ op: 'residuals', backend: 5 }); // no such regression, and nobody waits for the answer
    await expect(remote.readWeights()).rejects.toThrow('no regression 5 on this engine');
    expect(() => remote.step(PROX)).toThrow('no regression 5 on this engine');
    await expect(remote.settled()).resolves.toBeUndefined(); // nothing more will come
  });

  test('destroy ends the worker: a waiting read rejects, later calls throw, settled resolves; a second destroy does nothing', async () => {
    const remote = await startEngine(16);
    const read = remote.readWeights();
    remote.destroy();
    await expect(read).rejects.toThrow('destroyed');
    expect(() => remote.step(PROX)).toThrow('CPU engine: step() called after destroy()');
    await expect(remote.readWeights()).rejects.toThrow('readWeights() called after destroy()');
    await expect(remote.settled()).resolves.toBeUndefined();
    remote.destroy();
  });

  test('sparse recovery: the worker’s gradients, residuals and gathered weights are the CPU sums’ own, minibatch by minibatch', async () => {
    const problem = RegressionProblem.create({ ...DEFAULT_REGRESSION, features: 301, nonzeros: 4, samples: 24, testSamples: 9, batch: 8, seed: 3 });
    const init: WeightInit = { kind: 'symmetric', scale: 0.1, seed: 3 };
    const direct = createCpuEngine({ paramCount: problem.features, init });
    const directSums = new CpuRegression(direct, problem);
    const remote = await startEngine(problem.features, init);
    const old = new WorkerRegression(remote, problem);
    // A Reset makes the new sums before it drops the old ones: the new ones must stay.
    const remoteSums = new WorkerRegression(remote, problem);
    old.destroy();
    for (let step = 0; step < 6; step++) {
      const rows = selectRows(problem.train, Uint32Array.from({ length: 8 }, (_, t) => (t * 3 + step * 5) % problem.train.count));
      await directSums.writeGradient(rows);
      direct.step(PROX, { snapshot: true });
      await remoteSums.writeGradient(rows); // only queued: the step sent next waits behind it in the worker
      remote.step(PROX, { snapshot: true });
    }
    const [a, b] = await Promise.all([directSums.residuals(), remoteSums.residuals()]);
    expect(b.train).toEqual(a.train);
    expect(b.test).toEqual(a.test);
    expect(await remoteSums.gather(problem.truth.indices)).toEqual(await directSums.gather(problem.truth.indices));
    expect(await remote.readWeights()).toEqual(await direct.readWeights());
    remoteSums.destroy();
    await expect(remoteSums.residuals()).rejects.toThrow(/no regression \d+ on this engine/);
  });
});
