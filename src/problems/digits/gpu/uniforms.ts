/**
 * Packing the digits kernels' uniform structs, field for field as the WGSL declares them
 * (4-byte scalars, padded to 16 bytes). A Node test reads the structs from the WGSL and
 * checks the offsets.
 */
import type { DigitsLoss } from '../settings.ts';

/**
 * The products of the network's passes: `forward` C = A·Wᵀ + bias (A activations, W
 * row-major), `forward-relu` the same then ReLU, `weight-gradient` C = δᵀ·A, `input-gradient`
 * C = (δ·W) masked where extra (the layer's input activations) is 0.
 */
export type MatmulForm = 'forward' | 'forward-relu' | 'weight-gradient' | 'input-gradient';

/** The `aMContiguous`, `bNContiguous` and `epilogue` fields of each form. */
export const MATMUL_FORMS: Record<MatmulForm, readonly [aMContiguous: number, bNContiguous: number, epilogue: number]> = {
  forward: [0, 0, 1],
  'forward-relu': [0, 0, 2],
  'weight-gradient': [1, 1, 0],
  'input-gradient': [0, 1, 3],
};

/** `MatmulUniforms` in shaders/digits-matmul.wgsl: C (m × n) = A (m × k) · B (k × n). */
export interface MatmulShape {
  form: MatmulForm;
  m: number;
  n: number;
  k: number;
  aStride: number;
  bStride: number;
  cStride: number;
  aOffset: number;
  bOffset: number;
  cOffset: number;
  extraOffset: number;
}

export const MATMUL_UNIFORM_BYTES = 64;

export function packMatmulUniforms(shape: MatmulShape): ArrayBuffer {
  const buffer = new ArrayBuffer(MATMUL_UNIFORM_BYTES);
  new Uint32Array(buffer).set([shape.m, shape.n, shape.k, shape.aStride, shape.bStride, shape.cStride, shape.aOffset, shape.bOffset, shape.cOffset, shape.extraOffset, ...MATMUL_FORMS[shape.form]]);
  return buffer;
}

/** `GatherUniforms` in shaders/digits-gather.wgsl. */
export const GATHER_UNIFORM_BYTES = 16;

export function packGatherUniforms(first: number, rows: number): ArrayBuffer {
  const buffer = new ArrayBuffer(GATHER_UNIFORM_BYTES);
  new Uint32Array(buffer).set([first, rows]);
  return buffer;
}

/** The `LOSS` override of shaders/digits-loss.wgsl. */
export const LOSS_CODE = { mse: 0, xent: 1 } as const satisfies Record<DigitsLoss, number>;

/** Slots of the `scores` array in shaders/digits-loss.wgsl. */
export const TRAINING_SLOT = 0;
export const EVALUATION_SLOT = 1;
/** Bytes of one `Score` (loss f32, correct u32). */
export const SCORE_BYTES = 8;

/** `LossUniforms` in shaders/digits-loss.wgsl. */
export const LOSS_UNIFORM_BYTES = 32;

export function packLossUniforms(first: number, rows: number, stride: number, scale: number, slot: number): ArrayBuffer {
  const buffer = new ArrayBuffer(LOSS_UNIFORM_BYTES);
  const u32 = new Uint32Array(buffer);
  u32.set([first, rows, stride]);
  new Float32Array(buffer)[3] = scale;
  u32[4] = slot;
  return buffer;
}

/** `BiasUniforms` in shaders/digits-bias.wgsl. */
export const BIAS_UNIFORM_BYTES = 32;

export function packBiasUniforms(rows: number, outputs: number, stride: number, biasOffset: number, lr: number): ArrayBuffer {
  const buffer = new ArrayBuffer(BIAS_UNIFORM_BYTES);
  new Uint32Array(buffer).set([rows, outputs, stride, biasOffset]);
  new Float32Array(buffer)[4] = lr;
  return buffer;
}

/** `CountUniforms` in shaders/digits-count.wgsl. */
export const COUNT_UNIFORM_BYTES = 16;

export function packCountUniforms(vecOffset: number, vecCount: number, slot: number, epsilon: number): ArrayBuffer {
  const buffer = new ArrayBuffer(COUNT_UNIFORM_BYTES);
  const u32 = new Uint32Array(buffer);
  u32.set([vecOffset, vecCount, slot]);
  new Float32Array(buffer)[3] = epsilon;
  return buffer;
}
