/**
 * The WGSL features (shaders/regression-features.wgsl) against the TypeScript definition
 * (src/problems/regression/features.ts), bit for bit, for every kind: sample and feature
 * indices small, past 2^16, in the held-out range from 2^31, and at the top of the u32 range,
 * which a single hash of sample·d + feature could not reach.
 */
import { describe, expect, test } from 'vitest';
import { bufferLayout, compileModule, createPipeline } from '../../src/engine/gpu/compile.ts';
import { KERNEL_SOURCES } from '../../src/engine/gpu/shaders.ts';
import { feature, featureKeys, KIND_CODE, rowKeys } from '../../src/problems/regression/features.ts';
import { FEATURE_KINDS, TEST_SAMPLE_OFFSET } from '../../src/problems/regression/settings.ts';
import { bitsOfArray } from '../helpers/f32.ts';
import { sharedDevice, withErrorScopes } from '../helpers/gpu-device.ts';

// A probe kernel around the library: four features from j0 for one sample's row keys.
const PROBE = `
struct Probe { key: u32, latentKey: u32, j0: u32, _pad: u32 }
@group(0) @binding(0) var<storage, read> probes: array<Probe>;
@group(0) @binding(1) var<storage, read_write> out: array<vec4<f32>>;
@compute @workgroup_size(1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let p = probes[id.x];
  out[id.x] = features4(columns_at(p.j0), Row(p.key, p.latentKey, 0.0, 0u));
}
`;

const SAMPLES = [0, 1, 65_535, 65_536, 70_001, TEST_SAMPLE_OFFSET, TEST_SAMPLE_OFFSET + 65_537, 2 ** 32 - 1];
/** First features of vec4s: multiples of 4, as the kernels read them. */
const FEATURES = [0, 4, 65_532, 65_536, 1_000_000, 2 ** 31, 2 ** 32 - 4];

const device = (await sharedDevice())?.device;

describe.runIf(device)('WGSL features equal the TypeScript ones, bit for bit', () => {
  test.each(FEATURE_KINDS)('%s', async (kind) => {
    const d = device!;
    const keys = featureKeys(12_345);
    const cases = SAMPLES.flatMap((sample) => FEATURES.map((j0) => ({ sample, j0, row: rowKeys(keys, sample) })));
    const expected = new Float32Array(cases.flatMap(({ row, j0 }) => [0, 1, 2, 3].map((lane) => feature(kind, row, j0 + lane))));
    const actual = await withErrorScopes(d, async () => {
      const module = await compileModule(d, 'regression-features.probe', `${PROBE}\n${KERNEL_SOURCES['regression-features']}`);
      const layout = bufferLayout(d, 'probe.layout', ['read-only-storage', 'storage']);
      const pipeline = await createPipeline(d, `probe.${kind}`, module, d.createPipelineLayout({ label: 'probe.pipelineLayout', bindGroupLayouts: [layout] }), { FEATURE_KIND: KIND_CODE[kind] });
      const probes = d.createBuffer({ label: 'probe.probes', size: cases.length * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      d.queue.writeBuffer(probes, 0, Uint32Array.from(cases.flatMap(({ row, j0 }) => [row.key, row.latentKey, j0, 0])));
      const out = d.createBuffer({ label: 'probe.out', size: cases.length * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
      const read = d.createBuffer({ label: 'probe.read', size: cases.length * 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      const encoder = d.createCommandEncoder({ label: 'probe.encoder' });
      const pass = encoder.beginComputePass({ label: 'probe.pass' });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, d.createBindGroup({ label: 'probe.bindGroup', layout, entries: [probes, out].map((buffer, binding) => ({ binding, resource: { buffer } })) }));
      pass.dispatchWorkgroups(cases.length);
      pass.end();
      encoder.copyBufferToBuffer(out, 0, read, 0, cases.length * 16);
      d.queue.submit([encoder.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const values = new Float32Array(read.getMappedRange().slice(0));
      for (const buffer of [probes, out, read]) buffer.destroy();
      return values;
    });
    const mismatches = cases.flatMap(({ sample, j0 }, c) =>
      [0, 1, 2, 3].flatMap((lane) => {
        const i = 4 * c + lane;
        return bitsOfArray(actual.subarray(i, i + 1))[0] === bitsOfArray(expected.subarray(i, i + 1))[0]
          ? []
          : [`sample ${sample}, feature ${j0 + lane}: WGSL ${actual[i]}, TS ${expected[i]}`];
      }),
    );
    expect(mismatches, mismatches.slice(0, 8).join('\n')).toEqual([]);
    // Not all one value: the probe really ran.
    expect(new Set(actual).size).toBeGreaterThan(kind === 'rademacher' ? 1 : 50);
  });
});
