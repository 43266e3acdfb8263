/**
 * The benchmark page's script (src/bench/index.html): opens a WebGPU device if the browser
 * has an adapter, runs every case one after another on the same inputs, checks each one's
 * first step against the reference, times it, and reports through the functions the runner
 * (src/cli/bench.ts) exposed. Without those functions (opened by hand) it logs instead.
 * It prints nothing itself and decides nothing about targets: that is report.ts.
 */
import { acquireDevice, type AcquiredDevice } from '../engine/gpu/device.ts';
import { CASES, type BenchCase, type CaseContext } from './cases.ts';
import { BENCH_PARAMS, benchInputs, checkAgainstReference, referenceStep } from './inputs.ts';
import { measure, type Timing } from './measure.ts';
import { BYTES_PER_PARAM, caseLabel, readPageQuery, type BenchBridge, type BenchResult } from './protocol.ts';

const SIGNIFICANT_DIGITS = 4;

const exposed = window as unknown as Partial<BenchBridge>;
const bridge: BenchBridge = {
  benchStart: exposed.benchStart ?? (async (adapter) => console.info(`adapter: ${adapter}`)),
  benchNote: exposed.benchNote ?? (async (message) => console.info(message)),
  benchResult: exposed.benchResult ?? (async (result) => console.info(JSON.stringify(result))),
  benchCaseFailed: exposed.benchCaseFailed ?? (async (label, message) => console.warn(`${label} failed: ${message}`)),
  benchDone: exposed.benchDone ?? (async () => console.info('done')),
};

/** The page's device, shared by the webgpu cases (TensorFlow.js makes its own). */
async function openGpu(): Promise<AcquiredDevice | null> {
  const result = await acquireDevice();
  if (!result.ok) {
    await bridge.benchNote(`no WebGPU (${result.reason}): skipping the webgpu cases, running the cpu ones`);
    return null;
  }
  const { device } = result.value;
  void device.lost.then((info) => {
    if (info.reason !== 'destroyed') void bridge.benchNote(`the WebGPU device was lost: ${info.message}`);
  });
  return result.value;
}

async function runCase(spec: BenchCase, context: CaseContext, expected: Float32Array, steps: number | null): Promise<BenchResult> {
  const label = caseLabel(spec);
  const paramCount = context.inputs.weights.length;
  const device = context.gpu?.device;
  // Scopes catch validation and out-of-memory errors of this case alone, rather than as
  // console noise after the next case has started.
  device?.pushErrorScope('validation');
  device?.pushErrorScope('out-of-memory');
  let timing: Timing;
  try {
    const subject = await spec.create(context);
    try {
      await subject.step();
      await subject.settled();
      if (subject.readWeights) checkAgainstReference(label, await subject.readWeights(), expected);
      timing = await measure(subject, steps);
    } finally {
      subject.destroy();
    }
  } finally {
    const errors = device ? [await device.popErrorScope(), await device.popErrorScope()] : [];
    const messages = errors.filter((error) => error !== null).map((error) => error.message);
    if (messages.length > 0) throw new Error(`WebGPU error: ${messages.join('; ')}`);
  }
  const seconds = timing.msPerStep / 1000;
  return {
    case: spec.case,
    impl: spec.impl,
    backend: spec.backend,
    params: paramCount,
    msPerStep: round(timing.msPerStep),
    gbPerSecond: round((BYTES_PER_PARAM[spec.case] * paramCount) / seconds / 1e9),
  };
}

function round(value: number): number {
  return Number(value.toPrecision(SIGNIFICANT_DIGITS));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const options = readPageQuery(location.search);
  const gpu = await openGpu();
  await bridge.benchStart(gpu?.adapterName ?? null);
  const inputs = benchInputs(options.params);
  const expected = referenceStep(inputs, BENCH_PARAMS);
  const context: CaseContext = { gpu, inputs, params: BENCH_PARAMS };
  for (const spec of CASES) {
    if (spec.backend === 'webgpu' && !gpu) continue;
    try {
      await bridge.benchResult(await runCase(spec, context, expected, options.steps));
    } catch (error) {
      await bridge.benchCaseFailed(caseLabel(spec), describeError(error));
    }
  }
  gpu?.device.destroy();
  await bridge.benchDone();
}

// An error outside a case surfaces as a page error, which the runner reports.
void main();
