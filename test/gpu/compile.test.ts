/**
 * A WGSL mistake must come back with the kernel's label, the line and the source line, and
 * a pipeline validation error with the kernel's label: never a silent invalid pipeline.
 */
import { expect, test } from 'vitest';
import { bufferLayout, compileModule, createPipeline, ShaderError } from '../../src/engine/gpu/compile.ts';
import { sharedDevice } from '../helpers/gpu-device.ts';

const device = (await sharedDevice())?.device;

test.runIf(device)('a compilation error names the kernel, the line and shows the source line', async () => {
  const code = ['@compute @workgroup_size(1)', 'fn main() {', '  let x: u32 = 1.5;', '}'].join('\n');
  const error = await compileModule(device!, 'broken-kernel', code).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ShaderError);
  const message = (error as ShaderError).message;
  expect(message).toContain('WGSL compilation failed for kernel "broken-kernel"');
  expect(message).toMatch(/broken-kernel\.wgsl:3:\d+: /);
  expect(message).toContain('let x: u32 = 1.5;');
});

test.runIf(device)('a pipeline validation error names the kernel', async () => {
  const d = device!;
  // The shader uses binding 0 as storage; the layout declares a uniform buffer there.
  const module = await compileModule(
    d,
    'mismatched-kernel',
    '@group(0) @binding(0) var<storage, read_write> data: array<u32>;\n@compute @workgroup_size(1) fn main() { data[0] = 1u; }',
  );
  const layout = d.createPipelineLayout({ bindGroupLayouts: [bufferLayout(d, 'mismatched.layout', ['uniform'])] });
  await expect(createPipeline(d, 'mismatched-kernel', module, layout)).rejects.toThrow(/Kernel "mismatched-kernel"/);
});
