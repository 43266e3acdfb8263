/**
 * Packing the regression kernels' uniform structs, field for field as the WGSL declares them
 * (4-byte scalars, padded to 16 bytes), and the rows as the WGSL `Row` struct. A Node test
 * reads the structs from the WGSL and checks the offsets.
 */
import type { RowSet } from '../problem.ts';

/** `PredictUniforms` in shaders/regression-predict.wgsl. */
export const PREDICT_UNIFORM_BYTES = 32;

export interface PredictChunks {
  shardStart: number;
  vecCount: number;
  rowCount: number;
  chunkBase: number;
  vecsPerChunk: number;
}

export function packPredictUniforms(p: PredictChunks): ArrayBuffer {
  const buffer = new ArrayBuffer(PREDICT_UNIFORM_BYTES);
  new Uint32Array(buffer).set([p.shardStart, p.vecCount, p.rowCount, p.chunkBase, p.vecsPerChunk]);
  return buffer;
}

/** `ResidualUniforms` in shaders/regression-residual.wgsl. */
export const RESIDUAL_UNIFORM_BYTES = 16;

export function packResidualUniforms(rowCount: number, chunkCount: number): ArrayBuffer {
  const buffer = new ArrayBuffer(RESIDUAL_UNIFORM_BYTES);
  new Uint32Array(buffer).set([rowCount, chunkCount]);
  return buffer;
}

/** `GradientUniforms` in shaders/regression-gradient.wgsl. */
export const GRADIENT_UNIFORM_BYTES = 16;

export function packGradientUniforms(shardStart: number, count: number, rowCount: number, scale: number): ArrayBuffer {
  const buffer = new ArrayBuffer(GRADIENT_UNIFORM_BYTES);
  new Uint32Array(buffer).set([shardStart, count, rowCount]);
  new Float32Array(buffer)[3] = scale;
  return buffer;
}

/** Bytes of one WGSL `Row` (shaders/regression-features.wgsl). */
export const ROW_BYTES = 16;

/** Rows as an array<Row>: key, latentKey, target (f32 bits), padding. */
export function packRows(rows: RowSet): ArrayBuffer {
  const buffer = new ArrayBuffer(Math.max(1, rows.count) * ROW_BYTES);
  const u32 = new Uint32Array(buffer);
  const f32 = new Float32Array(buffer);
  for (let t = 0; t < rows.count; t++) {
    u32[4 * t] = rows.keys[t]!;
    u32[4 * t + 1] = rows.latentKeys[t]!;
    f32[4 * t + 2] = rows.targets[t]!;
  }
  return buffer;
}
