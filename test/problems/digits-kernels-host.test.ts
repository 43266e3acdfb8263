/**
 * The digits kernels' host side, in Node without a device: uniform packing against the struct
 * declarations in the WGSL, and the constants the WGSL repeats (the input scale as bits, the
 * loss codes, tile and workgroup sizes, the image width in words).
 */
import { describe, expect, test } from 'vitest';
import { INPUT_SCALE } from '../../src/problems/digits/dataset.ts';
import { BIAS_WORKGROUP_SIZE } from '../../src/problems/digits/gpu/bias-kernel.ts';
import { MATMUL_TILE } from '../../src/problems/digits/gpu/matmul-kernel.ts';
import {
  BIAS_UNIFORM_BYTES,
  COUNT_UNIFORM_BYTES,
  EVALUATION_SLOT,
  GATHER_UNIFORM_BYTES,
  LOSS_CODE,
  LOSS_UNIFORM_BYTES,
  MATMUL_FORMS,
  MATMUL_UNIFORM_BYTES,
  packBiasUniforms,
  packCountUniforms,
  packGatherUniforms,
  packLossUniforms,
  packMatmulUniforms,
  SCORE_BYTES,
  TRAINING_SLOT,
} from '../../src/problems/digits/gpu/uniforms.ts';
import { bitsOf } from '../helpers/f32.ts';
import { structFields, uniformSize, wgsl } from '../helpers/wgsl-source.ts';

describe('packing matches the WGSL structs', () => {
  test('MatmulUniforms, with each form’s flags', () => {
    const fields = structFields(wgsl('digits-matmul'), 'MatmulUniforms');
    expect(fields).toEqual(['m', 'n', 'k', 'aStride', 'bStride', 'cStride', 'aOffset', 'bOffset', 'cOffset', 'extraOffset', 'aMContiguous', 'bNContiguous', 'epilogue']);
    expect(MATMUL_UNIFORM_BYTES).toBe(uniformSize(fields.length));
    const shape = { m: 1, n: 2, k: 3, aStride: 4, bStride: 8, cStride: 12, aOffset: 16, bOffset: 20, cOffset: 24, extraOffset: 28 };
    expect(Array.from(new Uint32Array(packMatmulUniforms({ ...shape, form: 'weight-gradient' })).slice(0, 13))).toEqual([1, 2, 3, 4, 8, 12, 16, 20, 24, 28, 1, 1, 0]);
    // The epilogue codes the WGSL names.
    const source = wgsl('digits-matmul');
    expect(source).toContain(`const EPILOGUE_BIAS = ${MATMUL_FORMS.forward[2]}u;`);
    expect(source).toContain(`const EPILOGUE_BIAS_RELU = ${MATMUL_FORMS['forward-relu'][2]}u;`);
    expect(source).toContain(`const EPILOGUE_RELU_MASK = ${MATMUL_FORMS['input-gradient'][2]}u;`);
    expect(MATMUL_FORMS['input-gradient'].slice(0, 2)).toEqual([0, 1]);
  });

  test('GatherUniforms, LossUniforms, BiasUniforms, CountUniforms', () => {
    expect(structFields(wgsl('digits-gather'), 'GatherUniforms')).toEqual(['first', 'rows']);
    expect(Array.from(new Uint32Array(packGatherUniforms(500, 96)))).toEqual([500, 96, 0, 0]);
    expect(GATHER_UNIFORM_BYTES).toBe(16);

    const loss = structFields(wgsl('digits-loss'), 'LossUniforms');
    expect(loss).toEqual(['first', 'rows', 'stride', 'scale', 'slot']);
    expect(LOSS_UNIFORM_BYTES).toBe(uniformSize(loss.length));
    const lossBytes = packLossUniforms(7, 100, 12, Math.fround(0.01), EVALUATION_SLOT);
    expect(Array.from(new Uint32Array(lossBytes)).filter((_, i) => i !== 3).slice(0, 4)).toEqual([7, 100, 12, 1]);
    expect(new Float32Array(lossBytes)[3]).toBe(Math.fround(0.01));

    const bias = structFields(wgsl('digits-bias'), 'BiasUniforms');
    expect(bias).toEqual(['rows', 'outputs', 'stride', 'biasOffset', 'lr']);
    expect(BIAS_UNIFORM_BYTES).toBe(uniformSize(bias.length));
    const biasBytes = packBiasUniforms(100, 10, 12, 256, 0.5);
    expect(Array.from(new Uint32Array(biasBytes, 0, 4))).toEqual([100, 10, 12, 256]);
    expect(new Float32Array(biasBytes)[4]).toBe(0.5);

    expect(structFields(wgsl('digits-count'), 'CountUniforms')).toEqual(['offset', 'vecCount', 'slot', 'epsilonBits']);
    const countBytes = packCountUniforms(250, 50, 1, 1e-3);
    expect(Array.from(new Uint32Array(countBytes))).toEqual([250, 50, 1, bitsOf(1e-3)]);
    expect(COUNT_UNIFORM_BYTES).toBe(16);
  });

  test('Score: loss then correct, two slots', () => {
    expect(structFields(wgsl('digits-loss'), 'Score')).toEqual(['loss', 'correct']);
    expect(SCORE_BYTES).toBe(8);
    expect([TRAINING_SLOT, EVALUATION_SLOT]).toEqual([0, 1]);
    expect(wgsl('digits-loss')).toContain('array<Score, 2>');
  });
});

describe('constants the WGSL repeats', () => {
  test('the input scale, as the bits of f32(1/255)', () => {
    expect(wgsl('digits-gather')).toContain(`const INPUT_SCALE = bitcast<f32>(0x${bitsOf(INPUT_SCALE).toString(16)}u);`);
    expect(wgsl('digits-gather')).toContain('const WORDS_PER_DIGIT = 196u;');
  });

  test('loss codes, tile and workgroup sizes', () => {
    expect(wgsl('digits-loss')).toContain(`const LOSS_XENT = ${LOSS_CODE.xent}u;`);
    expect(LOSS_CODE.mse).toBe(0);
    expect(wgsl('digits-loss')).toContain('const CLASSES = 10u;');
    const matmul = wgsl('digits-matmul');
    expect(matmul).toContain('const SIDE = 8u;');
    expect(matmul).toContain('const BLOCK = 8u;');
    expect(MATMUL_TILE).toBe(8 * 8);
    expect(wgsl('digits-bias')).toContain(`const WORKGROUP_SIZE = ${BIAS_WORKGROUP_SIZE}u;`);
  });
});
