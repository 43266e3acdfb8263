// Second pass of the norm reduction: one workgroup sums the per-invocation partials
// (‖w‖₁, ‖w‖₂²) written by update.wgsl. Two passes, never a spin-wait between
// workgroups (no forward-progress guarantee on many GPUs). Mirrors the f64 sums in
// src/engine/cpu/apply-update.ts (compared with a tolerance).
//
// Bindings (group 0):
//   0 uniform      ReduceUniforms { count }
//   1 storage r    partials  array<vec2<f32>>
//   2 storage rw   norms     vec2<f32>

const WORKGROUP_SIZE = 256u;

struct ReduceUniforms {
  count: u32,
}

@group(0) @binding(0) var<uniform> params: ReduceUniforms;
@group(0) @binding(1) var<storage, read> partials: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> norms: vec2<f32>;

var<workgroup> sums: array<vec2<f32>, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) local: u32) {
  var sum = vec2<f32>(0.0);
  for (var i = local; i < params.count; i += WORKGROUP_SIZE) {
    sum += partials[i];
  }
  sums[local] = sum;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (local < stride) { sums[local] += sums[local + stride]; }
    workgroupBarrier();
  }
  if (local == 0u) { norms = sums[0]; }
}
