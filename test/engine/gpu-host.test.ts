/**
 * The GPU engine's host-side arithmetic, checked in Node without a device: uniform packing
 * against the WGSL struct declarations, grid sizing past 65,535 workgroups, and shard plans.
 */
import { describe, expect, test } from 'vitest';
import { gridFor, groupsFor, MAX_GROUPS_PER_DIMENSION } from '../../src/engine/gpu/dispatch.ts';
import { planShards } from '../../src/engine/gpu/shards.ts';
import {
  INIT_UNIFORM_BYTES,
  L1_FORM_CODE,
  packInitUniforms,
  packReduceUniforms,
  packUpdateUniforms,
  REDUCE_UNIFORM_BYTES,
  UPDATE_UNIFORM_BYTES,
} from '../../src/engine/gpu/uniforms.ts';
import { structFields, uniformSize, wgsl } from '../helpers/wgsl-source.ts';

describe('uniform packing matches the WGSL structs', () => {
  test('UpdateUniforms: fields at the offsets the packer writes', () => {
    const fields = structFields(wgsl('update'), 'UpdateUniforms');
    expect(fields).toEqual(['lr', 'l1Step', 'l2Decay', '_pad0', 'count', 'apply', 'partialBase', '_pad']);
    expect(UPDATE_UNIFORM_BYTES).toBe(uniformSize(fields.length));
    const bytes = packUpdateUniforms({ lr: 0.5, l1Step: 0.25, l2Decay: 0.125, l1Form: 'prox' }, { count: 1234, partialBase: 77 }, true);
    expect(bytes.byteLength).toBe(UPDATE_UNIFORM_BYTES);
    const f32 = new Float32Array(bytes);
    const u32 = new Uint32Array(bytes);
    expect([f32[fields.indexOf('lr')], f32[fields.indexOf('l1Step')], f32[fields.indexOf('l2Decay')]]).toEqual([0.5, 0.25, 0.125]);
    expect([u32[fields.indexOf('count')], u32[fields.indexOf('apply')], u32[fields.indexOf('partialBase')]]).toEqual([1234, 1, 77]);
    expect(new Uint32Array(packUpdateUniforms({ lr: 1, l1Step: 0, l2Decay: 0, l1Form: 'sign' }, { count: 1, partialBase: 0 }, false))[5]).toBe(0);
  });

  test('InitUniforms and ReduceUniforms', () => {
    const init = structFields(wgsl('init-weights'), 'InitUniforms');
    expect(init).toEqual(['shardStart', 'count', 'key', 'kind', 'scale']);
    expect(INIT_UNIFORM_BYTES).toBeGreaterThanOrEqual(uniformSize(init.length));
    const bytes = packInitUniforms(4096, 100, 0xdeadbeef, true, 1.5);
    expect(Array.from(new Uint32Array(bytes, 0, 4))).toEqual([4096, 100, 0xdeadbeef, 1]);
    expect(new Float32Array(bytes)[4]).toBe(1.5);
    expect(structFields(wgsl('reduce-norms'), 'ReduceUniforms')).toEqual(['count']);
    expect(REDUCE_UNIFORM_BYTES).toBe(16);
    expect(new Uint32Array(packReduceUniforms(65_536))[0]).toBe(65_536);
  });

  test('the L1 form codes are the WGSL constants', () => {
    const source = wgsl('update');
    for (const [form, code] of Object.entries(L1_FORM_CODE)) {
      expect(source).toContain(`const FORM_${form.toUpperCase()} = ${code}u;`);
    }
  });
});

describe('grids', () => {
  test('up to 65,535 workgroups fit in x', () => {
    expect(gridFor(1)).toEqual({ x: 1, y: 1, total: 1 });
    expect(gridFor(65_535)).toEqual({ x: 65_535, y: 1, total: 65_535 });
  });

  test('past 65,535 the grid spills into y and covers at least what was asked', () => {
    expect(gridFor(65_536)).toEqual({ x: 65_535, y: 2, total: 131_070 });
    const huge = gridFor(1e9 / 256);
    expect(huge.x).toBe(MAX_GROUPS_PER_DIMENSION);
    expect(huge.y).toBeLessThanOrEqual(MAX_GROUPS_PER_DIMENSION);
    expect(huge.total).toBeGreaterThanOrEqual(1e9 / 256);
    expect(gridFor(300, 7)).toEqual({ x: 7, y: 43, total: 301 });
  });

  test('one workgroup per 256 items, capped', () => {
    expect(groupsFor(1, 64)).toBe(1);
    expect(groupsFor(257, 64)).toBe(2);
    expect(groupsFor(1e9, 64)).toBe(64);
  });
});

describe('shards', () => {
  test('equal multiples of 4, the last one shorter and padded to whole vec4s', () => {
    const shards = planShards(10_007, 1_000);
    expect(shards).toHaveLength(11);
    expect(shards.slice(0, 10).every((s) => s.count === 1_000 && s.bytes === 4_000)).toBe(true);
    expect(shards[10]).toEqual({ index: 10, start: 10_000, count: 7, bytes: 32 });
    expect(shards.reduce((n, s) => n + s.count, 0)).toBe(10_007);
  });

  test('a vector that fits one binding is one shard; a limit below 4 is refused', () => {
    expect(planShards(5, 1_000)).toEqual([{ index: 0, start: 0, count: 5, bytes: 32 }]);
    expect(() => planShards(5, 3)).toThrow(RangeError);
  });
});
