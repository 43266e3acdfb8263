/**
 * The regression kernels' host side, in Node without a device: uniform and row packing against
 * the struct declarations in the WGSL, the constants the WGSL repeats (scales as bits, the
 * feature-kind codes, workgroup sizes), and the int32 PCG of the CPU loops against the engine's.
 */
import { describe, expect, test } from 'vitest';
import { pcgHash } from '../../src/engine/hash.ts';
import { CORRELATED_SCALE, GAUSSIAN_SCALE, KIND_CODE, pcgHash32 } from '../../src/problems/regression/features.ts';
import { PREDICT_WORKGROUP_SIZE } from '../../src/problems/regression/gpu/predict-kernel.ts';
import {
  GRADIENT_UNIFORM_BYTES,
  packGradientUniforms,
  packPredictUniforms,
  packResidualUniforms,
  packRows,
  PREDICT_UNIFORM_BYTES,
  RESIDUAL_UNIFORM_BYTES,
  ROW_BYTES,
} from '../../src/problems/regression/gpu/uniforms.ts';
import { bitsOf } from '../helpers/f32.ts';
import { xorshift } from '../helpers/test-data.ts';
import { structFields, uniformSize, wgsl } from '../helpers/wgsl-source.ts';

describe('packing matches the WGSL structs', () => {
  test('PredictUniforms', () => {
    const fields = structFields(wgsl('regression-predict'), 'PredictUniforms');
    expect(fields).toEqual(['shardStart', 'vecCount', 'rowCount', 'chunkBase', 'vecsPerChunk']);
    expect(PREDICT_UNIFORM_BYTES).toBe(uniformSize(fields.length));
    const u32 = new Uint32Array(packPredictUniforms({ shardStart: 4096, vecCount: 250, rowCount: 600, chunkBase: 7, vecsPerChunk: 9 }));
    expect(fields.map((f) => u32[fields.indexOf(f)])).toEqual([4096, 250, 600, 7, 9]);
  });

  test('ResidualUniforms and GradientUniforms', () => {
    expect(structFields(wgsl('regression-residual'), 'ResidualUniforms')).toEqual(['rowCount', 'chunkCount']);
    expect(Array.from(new Uint32Array(packResidualUniforms(600, 28)))).toEqual([600, 28, 0, 0]);
    expect(RESIDUAL_UNIFORM_BYTES).toBe(16);
    const fields = structFields(wgsl('regression-gradient'), 'GradientUniforms');
    expect(fields).toEqual(['shardStart', 'count', 'rowCount', 'scale']);
    expect(GRADIENT_UNIFORM_BYTES).toBe(uniformSize(fields.length));
    const bytes = packGradientUniforms(8, 1_001, 600, Math.fround(2 / 600));
    expect(Array.from(new Uint32Array(bytes, 0, 3))).toEqual([8, 1_001, 600]);
    expect(new Float32Array(bytes)[3]).toBe(Math.fround(2 / 600));
  });

  test('Row: key, latentKey, target (f32), padding', () => {
    expect(structFields(wgsl('regression-features'), 'Row')).toEqual(['key', 'latentKey', 'y', '_pad']);
    const bytes = packRows({ count: 2, keys: Uint32Array.of(1, 0xffffffff), latentKeys: Uint32Array.of(2, 3), targets: Float32Array.of(0.5, -7) });
    expect(bytes.byteLength).toBe(2 * ROW_BYTES);
    expect(Array.from(new Uint32Array(bytes)).filter((_, i) => i % 4 < 2)).toEqual([1, 2, 0xffffffff, 3]);
    expect([new Float32Array(bytes)[2], new Float32Array(bytes)[6]]).toEqual([0.5, -7]);
    // No rows still makes a bindable buffer.
    expect(packRows({ count: 0, keys: new Uint32Array(0), latentKeys: new Uint32Array(0), targets: new Float32Array(0) }).byteLength).toBe(ROW_BYTES);
  });
});

describe('constants the WGSL repeats', () => {
  const features = wgsl('regression-features');

  test('the scales, as the bits of the f32s the CPU uses', () => {
    const hex = (x: number) => `0x${bitsOf(x).toString(16)}u`;
    expect(features).toContain(`const GAUSSIAN_SCALE = bitcast<f32>(${hex(GAUSSIAN_SCALE)});`);
    expect(features).toContain(`const CORRELATED_SCALE = bitcast<f32>(${hex(CORRELATED_SCALE)});`);
  });

  test('the feature-kind codes and the group size', () => {
    expect(features).toContain(`const KIND_RADEMACHER = ${KIND_CODE.rademacher}u;`);
    expect(features).toContain(`const KIND_CORRELATED = ${KIND_CODE.correlated}u;`);
    expect(KIND_CODE.gaussian).toBe(0);
    expect(features).toContain('pcg_hash(j0 / 4u)');
  });

  test('the predict kernel’s workgroup size', () => {
    expect(wgsl('regression-predict')).toContain(`const WORKGROUP_SIZE = ${PREDICT_WORKGROUP_SIZE}u;`);
  });
});

test('pcgHash32 gives pcgHash’s bits as an int32', () => {
  const next = xorshift(99);
  const inputs = [0, 1, 2 ** 16, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, ...Array.from({ length: 10_000 }, () => Math.floor(next() * 2 ** 32))];
  for (const x of inputs) expect(pcgHash32(x) >>> 0).toBe(pcgHash(x));
  expect(pcgHash32(0xdeadbeef | 0) >>> 0).toBe(pcgHash(0xdeadbeef));
});
