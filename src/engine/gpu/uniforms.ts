/**
 * Packing the uniform structs of the kernels, field for field as declared in the WGSL
 * (scalars only, 4 bytes each, padded to 16). A test checks sizes and offsets.
 */
import type { L1Form, UpdateParams } from '../types.ts';

/** Values of the `L1_FORM` override in shaders/update.wgsl. */
export const L1_FORM_CODE: Record<L1Form, number> = { sign: 0, clip: 1, prox: 2 };

/** `UpdateUniforms` in shaders/update.wgsl. */
export const UPDATE_UNIFORM_BYTES = 32;

export function packUpdateUniforms(
  params: UpdateParams,
  shard: { count: number; partialBase: number },
  apply: boolean,
): ArrayBuffer {
  const buffer = new ArrayBuffer(UPDATE_UNIFORM_BYTES);
  const f32 = new Float32Array(buffer);
  const u32 = new Uint32Array(buffer);
  f32[0] = params.lr;
  f32[1] = params.l1Step;
  f32[2] = params.l2Decay;
  // u32[3]: padding (the L1 form is a pipeline constant).
  u32[4] = shard.count;
  u32[5] = apply ? 1 : 0;
  u32[6] = shard.partialBase;
  return buffer;
}

/** `InitUniforms` in shaders/init-weights.wgsl. */
export const INIT_UNIFORM_BYTES = 32;

export function packInitUniforms(shardStart: number, count: number, key: number, positive: boolean, scale: number): ArrayBuffer {
  const buffer = new ArrayBuffer(INIT_UNIFORM_BYTES);
  const u32 = new Uint32Array(buffer);
  u32[0] = shardStart;
  u32[1] = count;
  u32[2] = key;
  u32[3] = positive ? 1 : 0;
  new Float32Array(buffer)[4] = scale;
  return buffer;
}

/** `ReduceUniforms` in shaders/reduce-norms.wgsl. */
export const REDUCE_UNIFORM_BYTES = 16;

export function packReduceUniforms(count: number): ArrayBuffer {
  const buffer = new ArrayBuffer(REDUCE_UNIFORM_BYTES);
  new Uint32Array(buffer)[0] = count;
  return buffer;
}
