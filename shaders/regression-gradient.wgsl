// The gradient of E(w) = (1/m)·Σ_t (w·x_t − y_t)² over the step's m rows, into one shard:
//   g_j = scale·Σ_t r_t·x_tj,  scale = f32(2/m)
// One invocation per vec4 of features (grid-stride), looping over every row; lanes past the
// shard's count get 0, so the padding weights stay 0 under every update rule.
// Mirrors computeGradient in src/problems/regression/gradient.ts. Appended: regression-features.wgsl.
//
// Bindings (group 0):
//   0 uniform      GradientUniforms
//   1 storage r    rows       array<Row>
//   2 storage r    residuals  array<f32>
//   3 storage rw   gradient   array<vec4<f32>>  (one shard of the engine's gradient)

const WORKGROUP_SIZE = 256u;

struct GradientUniforms {
  shardStart: u32,  // global index of the shard's first feature (a multiple of 4)
  count: u32,       // features in the shard
  rowCount: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> params: GradientUniforms;
@group(0) @binding(1) var<storage, read> rows: array<Row>;
@group(0) @binding(2) var<storage, read> residuals: array<f32>;
@group(0) @binding(3) var<storage, read_write> gradient: array<vec4<f32>>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(local_invocation_index) local: u32,
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  // Groups past 65,535 spill into y; the grid-stride loop covers any shortfall.
  let threadCount = groups.x * groups.y * WORKGROUP_SIZE;
  let vecCount = (params.count + 3u) / 4u;
  for (var v = (group.x + group.y * groups.x) * WORKGROUP_SIZE + local; v < vecCount; v += threadCount) {
    let columns = columns_at(params.shardStart + v * 4u);
    var sum = vec4<f32>(0.0);
    for (var t = 0u; t < params.rowCount; t++) {
      sum += residuals[t] * features4(columns, rows[t]);
    }
    let inShard = vec4<u32>(0u, 1u, 2u, 3u) + v * 4u < vec4<u32>(params.count);
    gradient[v] = select(vec4<f32>(0.0), params.scale * sum, inShard);
  }
}
