/**
 * The worker's side of a CPU run (protocol.ts): one CPU engine, created by the first call,
 * and the regression sums of sparse recovery over its weights (CpuRegression, the same code
 * the page ran before it moved here), each made from the settings the page sends. Calls are
 * handled strictly in order, each finished (its awaits too) before the next starts; snapshots
 * are posted as the engine delivers them, their counts moved, not copied.
 *
 * No DOM and no Worker globals: it serves any MessageEnd, so the tests drive it through a
 * MessageChannel in Node. The worker's entry (cpu-run-worker.ts) only hands it `self`.
 */
import { createCpuEngine } from '../../engine/cpu/cpu-engine.ts';
import type { Engine } from '../../engine/types.ts';
import { CpuRegression } from '../../problems/regression/cpu-regression.ts';
import { RegressionProblem } from '../../problems/regression/index.ts';
import { toWire, type CpuRunCall, type CpuRunReply, type CpuRunRequest, type MessageEnd } from './protocol.ts';

export function serveCpuRun(end: MessageEnd): void {
  let engine: Engine | null = null;
  const backends = new Map<number, CpuRegression>();
  let queue: Promise<void> = Promise.resolve();

  const post = (reply: CpuRunReply, transfer: Transferable[] = []) => end.postMessage(reply, transfer);

  const engineOf = (): Engine => {
    if (!engine) throw new Error('the CPU engine was not created');
    return engine;
  };
  const backendOf = (id: number): CpuRegression => {
    const backend = backends.get(id);
    if (!backend) throw new Error(`no regression ${id} on this engine`);
    return backend;
  };

  /** What the call answers (undefined for none) and the buffers to move with it. */
  async function handle(call: CpuRunCall): Promise<{ value?: unknown; transfer?: Transferable[] }> {
    switch (call.op) {
      case 'create':
        if (engine) throw new Error('the CPU engine was already created');
        engine = createCpuEngine({ paramCount: call.paramCount, init: call.init });
        engine.onSnapshot((snapshot) => post({ kind: 'snapshot', snapshot }, [snapshot.counts.buffer]));
        return {};
      case 'initWeights':
        engineOf().initWeights(call.init);
        return {};
      case 'writeWeights':
        engineOf().writeWeights(call.values, call.offset);
        return {};
      case 'writeGradient':
        engineOf().writeGradient(call.values, call.offset);
        return {};
      case 'step':
        engineOf().step(call.params, { snapshot: call.snapshot });
        return {};
      case 'requestSnapshot':
        engineOf().requestSnapshot();
        return {};
      case 'readWeights': {
        const weights = await engineOf().readWeights(call.start, call.count);
        return { value: weights, transfer: [weights.buffer] };
      }
      case 'settled':
        await engineOf().settled();
        return {};
      case 'regression':
        backends.set(call.backend, new CpuRegression(engineOf(), RegressionProblem.create(call.settings)));
        return {};
      case 'gradient':
        await backendOf(call.backend).writeGradient(call.rows);
        return {};
      case 'residuals': {
        const residuals = await backendOf(call.backend).residuals();
        return { value: residuals, transfer: [residuals.train.buffer, residuals.test.buffer] };
      }
      case 'gather': {
        const weights = await backendOf(call.backend).gather(call.indices);
        return { value: weights, transfer: [weights.buffer] };
      }
      case 'dropRegression':
        backends.get(call.backend)?.destroy();
        backends.delete(call.backend);
        return {};
      default:
        call satisfies never;
        throw new Error(`unknown call ${JSON.stringify(call)}`);
    }
  }

  end.onmessage = (event: MessageEvent) => {
    const { id, call } = event.data as CpuRunRequest;
    queue = queue.then(
      () =>
        handle(call).then(
          ({ value, transfer }) => {
            if (id !== null) post({ kind: 'answer', id, value }, transfer);
          },
          (error: unknown) => {
            try {
              post({ kind: 'error', id, error: toWire(error) });
            } catch {
              // A ConfigError whose value cannot be cloned: its message says it all.
              post({ kind: 'error', id, error: { message: (error as Error).message } });
            }
          },
        ),
    );
  };
}
