/**
 * The update as a TensorFlow.js user writes it (a variable, `tf.tidy`, chained ops), on its
 * webgpu or cpu backend, for the benchmark to compare with. Nothing here is tuned: the point
 * is what that idiomatic code costs. Not used by the app.
 */
import * as tf from '@tensorflow/tfjs-core';
// The umbrella @tensorflow/tfjs package does this import; tfjs-core alone has no `w.sub(…)`.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgpu';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { UpdateParams } from '../engine/types.ts';
import type { BenchInputs } from './inputs.ts';
import type { CaseSubject } from './cases.ts';

export async function createTfjsUpdate(backend: 'webgpu' | 'cpu', inputs: BenchInputs, params: UpdateParams): Promise<CaseSubject> {
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js could not start its ${backend} backend`);
  // Copies, so no backend can alias (and a later case reuse) the shared input arrays.
  const initial = tf.tensor1d(inputs.weights.slice());
  const w = tf.variable(initial);
  initial.dispose(); // the variable holds its own reference to the data
  const g = tf.tensor1d(inputs.gradient.slice());
  const { lr, l1Step, l2Decay } = params;
  return {
    step: () =>
      tf.tidy(() => {
        w.assign(w.sub(g.mul(lr)).sub(w.sign().mul(l1Step)).sub(w.mul(l2Decay)));
      }),
    // Reading one element of the latest w waits for every queued step (and makes the webgpu
    // backend submit what it has batched) without timing a 16 MB download.
    settled: async () => {
      const probe = w.slice(0, 1);
      try {
        await probe.data();
      } finally {
        probe.dispose();
      }
    },
    readWeights: () => w.data<'float32'>(),
    destroy: () => {
      w.dispose();
      g.dispose();
      if (backend === 'webgpu') {
        // The webgpu backend pools freed buffers and owns its device: release both, or the
        // next cases share SwiftShader's memory with a pool nobody uses.
        const { device } = tf.backend() as WebGPUBackend;
        tf.removeBackend('webgpu');
        device.destroy();
      }
    },
  };
}
