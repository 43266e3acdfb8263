/**
 * The page's self-check: on this machine's WebGPU adapter, run the GPU engine and the CPU
 * reference engine through the same few steps for each rule and judge the results
 * (self-check-compare.ts). It answers "can I trust what the histogram shows here?" in a few
 * hundred milliseconds; the full conformance suite (test/gpu/) stays the real test.
 *
 * This is the one UI module that reaches into engine/gpu, and only by dynamic import, so a
 * page on the CPU fallback never downloads GPU code. It uses a device of its own, destroyed
 * afterwards, and runs each case inside validation and out-of-memory error scopes, so an
 * invalid GPU command fails the case instead of passing silently.
 */
import { toUpdateParams } from '../engine/checks.ts';
import { createCpuEngine } from '../engine/cpu/cpu-engine.ts';
import { hashAt, streamKey, unitFromHash } from '../engine/hash.ts';
import type { Engine, Regulariser, Snapshot, UpdateParams, WeightInit } from '../engine/types.ts';
import { judgeCase, type CaseVerdict } from './self-check-compare.ts';

/** Odd and past a workgroup of 256 and a vec4: the sizes where indexing bugs show. */
export const SELF_CHECK_PARAMS = 4_099;
export const SELF_CHECK_STEPS = 3;

export interface SelfCheckCase {
  name: string;
  regulariser: Regulariser;
}

/**
 * Strengths large enough that weights reach and cross zero within three steps (ηλ1 = 0.2
 * against weights in [−1, 1) moved by a gradient of up to ±0.05).
 */
export const SELF_CHECK_CASES: readonly SelfCheckCase[] = [
  { name: 'none', regulariser: { rule: 'none', lr: 0.1, l1: 0, l2: 0 } },
  { name: 'l1', regulariser: { rule: 'l1', lr: 0.1, l1: 2, l2: 0 } },
  { name: 'l1-clip', regulariser: { rule: 'l1-clip', lr: 0.1, l1: 2, l2: 0 } },
  { name: 'l1-prox', regulariser: { rule: 'l1-prox', lr: 0.1, l1: 2, l2: 0 } },
  { name: 'l2', regulariser: { rule: 'l2', lr: 0.1, l1: 0, l2: 0.5 } },
  { name: 'elastic net', regulariser: { rule: 'l1-prox', lr: 0.1, l1: 1, l2: 0.5 } },
];

/**
 * Special weights written over the first few hashed ones (zeros, subnormals, which both
 * engines read as 0 explicitly, non-finite and near-overflow values), and gradients that
 * turn a finite weight into NaN: each must land in its own bin on both engines.
 */
const EDGE_WEIGHTS = [0, -0, 1e-40, -1e-40, NaN, Infinity, -Infinity, 3e38, -3e38, 0.1, -0.1];
const EDGE_GRADIENTS = [NaN, Infinity, -Infinity];

const INIT: WeightInit = { kind: 'symmetric', scale: 1, seed: 2024 };
/** Any stream other than the weights' one, so the gradient is not the weights again. */
const GRADIENT_STREAM = 0x5e1fc4ec;

export interface SelfCheckResult extends CaseVerdict {
  name: string;
}

/** A gradient in [−0.5, 0.5) with a few non-finite entries; the same bits for both engines. */
export function selfCheckGradient(count: number): Float32Array {
  const key = streamKey(INIT.seed, GRADIENT_STREAM);
  const gradient = Float32Array.from({ length: count }, (_, i) => unitFromHash(hashAt(key, i)) - 0.5);
  gradient.set(EDGE_GRADIENTS, EDGE_WEIGHTS.length);
  return gradient;
}

/**
 * Runs every case, reporting each result as it is judged. Rejects when there is no WebGPU
 * device (the caller shows the reason).
 */
export async function runSelfCheck(onResult?: (result: SelfCheckResult) => void): Promise<SelfCheckResult[]> {
  const [{ acquireDevice }, { createGpuEngine }] = await Promise.all([import('../engine/gpu/device.ts'), import('../engine/gpu/gpu-engine.ts')]);
  const acquired = await acquireDevice();
  if (!acquired.ok) throw new Error(`the self-check needs WebGPU: ${acquired.reason}`);
  const { device } = acquired.value;
  const results: SelfCheckResult[] = [];
  try {
    for (const { name, regulariser } of SELF_CHECK_CASES) {
      const params = toUpdateParams(regulariser);
      device.pushErrorScope('out-of-memory');
      device.pushErrorScope('validation');
      let verdict: CaseVerdict;
      try {
        const gpu = await createGpuEngine({ paramCount: SELF_CHECK_PARAMS, init: INIT, device: acquired.value });
        verdict = await runCase(gpu, createCpuEngine({ paramCount: SELF_CHECK_PARAMS, init: INIT }), params);
      } catch (error) {
        verdict = { pass: false, maxWeightError: NaN, maxNormError: NaN, problems: [`threw: ${(error as Error).message}`] };
      }
      const scopeErrors = [await device.popErrorScope(), await device.popErrorScope()].filter((e) => e !== null);
      for (const e of scopeErrors) verdict = { ...verdict, pass: false, problems: [...verdict.problems, `WebGPU error: ${e.message}`] };
      const result = { name, ...verdict };
      results.push(result);
      onResult?.(result);
    }
  } finally {
    device.destroy();
  }
  return results;
}

/** The same calls on both engines; then the verdict. Destroys both engines. */
async function runCase(gpu: Engine, cpu: Engine, params: UpdateParams): Promise<CaseVerdict> {
  const engines = [gpu, cpu] as const;
  const snapshots: [Snapshot[], Snapshot[]] = [[], []];
  engines.forEach((e, i) => e.onSnapshot((s) => snapshots[i]!.push(s)));
  try {
    const weights = Float32Array.from(EDGE_WEIGHTS);
    const gradient = selfCheckGradient(SELF_CHECK_PARAMS);
    for (const e of engines) {
      e.writeWeights(weights);
      e.writeGradient(gradient);
      e.requestSnapshot();
    }
    for (let k = 0; k < SELF_CHECK_STEPS; k++) {
      for (const e of engines) e.step(params, { snapshot: true });
      // Settle after each snapshot step: the GPU's staging ring must never be full.
      await Promise.all(engines.map((e) => e.settled()));
    }
    const [gw, cw] = await Promise.all(engines.map((e) => e.readWeights()));
    return judgeCase({ snapshots: snapshots[0], weights: gw! }, { snapshots: snapshots[1], weights: cw! }, SELF_CHECK_PARAMS);
  } finally {
    for (const e of engines) e.destroy();
  }
}
