/**
 * The fused update kernel (shaders/update.wgsl): one module, nine pipelines — each L1 form
 * (the `L1_FORM` override) times three kinds of statistics: none, every weight counted
 * (`COLLECT_STATS`), or only the weights whose bin changed (`COUNT_CHANGES`) — sharing one
 * bind group layout so a shard's bind group serves them all. Changing the rule mid-run is
 * a change of pipeline. Records into the caller's compute pass.
 */
import { bufferLayout, compileModule, createPipeline } from './compile.ts';
import type { Grid } from './dispatch.ts';
import type { L1Form } from '../types.ts';
import { KERNEL_SOURCES } from './shaders.ts';
import { L1_FORM_CODE } from './uniforms.ts';

export interface UpdateBindings {
  uniforms: GPUBuffer;
  weights: GPUBuffer;
  gradient: GPUBuffer;
  counts: GPUBuffer;
  partials: GPUBuffer;
}

/** No statistics; every weight counted into cleared counts; only the changes counted. */
export type StatsMode = 'update' | 'count-all' | 'count-changes';

type PipelineKey = `${L1Form}/${StatsMode}`;

const STATS_MODES: readonly StatsMode[] = ['update', 'count-all', 'count-changes'];

const FORMS: readonly L1Form[] = ['sign', 'clip', 'prox'];

export class UpdateKernel {
  private constructor(
    readonly layout: GPUBindGroupLayout,
    readonly pipelines: ReadonlyMap<PipelineKey, GPUComputePipeline>,
  ) {}

  static async create(device: GPUDevice): Promise<UpdateKernel> {
    const module = await compileModule(device, 'update', KERNEL_SOURCES.update);
    const layout = bufferLayout(device, 'update.bindGroupLayout', ['uniform', 'storage', 'read-only-storage', 'storage', 'storage']);
    const pipelineLayout = device.createPipelineLayout({ label: 'update.pipelineLayout', bindGroupLayouts: [layout] });
    const entries = await Promise.all(
      FORMS.flatMap((form) =>
        STATS_MODES.map(async (mode) => {
          const key: PipelineKey = `${form}/${mode}`;
          const constants = { L1_FORM: L1_FORM_CODE[form], COLLECT_STATS: mode === 'update' ? 0 : 1, COUNT_CHANGES: mode === 'count-changes' ? 1 : 0 };
          return [key, await createPipeline(device, `update.${form}.${mode}`, module, pipelineLayout, constants)] as const;
        }),
      ),
    );
    return new UpdateKernel(layout, new Map(entries));
  }

  bindGroup(device: GPUDevice, label: string, b: UpdateBindings): GPUBindGroup {
    return device.createBindGroup({
      label,
      layout: this.layout,
      entries: [b.uniforms, b.weights, b.gradient, b.counts, b.partials].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, grid: Grid, form: L1Form, stats: StatsMode): void {
    pass.setPipeline(this.pipelines.get(`${form}/${stats}`)!);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(grid.x, grid.y);
  }
}
