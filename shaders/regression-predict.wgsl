// Partial predictions over one chunk of one shard's features, for every row:
//   partials[(chunkBase + c)·rowCount + t] = Σ_{j in chunk c} w_j·x_tj
// One invocation per (row t, chunk c): x in rows (grid-stride), y in chunks. Every
// invocation of a workgroup walks the same weights, so skipping a vec4 of zero weights is a
// uniform branch: under L1 most are skipped, and the pass costs O(nonzeros·rows) on a GPU
// (SwiftShader runs the skipped body anyway: measured, no gain there).
// Weights past the shard's count are padding, kept at 0 (regression-gradient.wgsl writes 0
// there), so they add nothing.
// Mirrors addPredictions in src/problems/regression/predict.ts. Appended: regression-features.wgsl.
//
// Bindings (group 0):
//   0 uniform      PredictUniforms
//   1 storage r    weights   array<vec4<f32>>  (one shard of the engine's weights)
//   2 storage r    rows      array<Row>
//   3 storage rw   partials  array<f32>

const WORKGROUP_SIZE = 64u;

struct PredictUniforms {
  shardStart: u32,    // global index of the shard's first feature (a multiple of 4)
  vecCount: u32,      // vec4s in the shard
  rowCount: u32,
  chunkBase: u32,     // the shard's first chunk among all shards' chunks
  vecsPerChunk: u32,
}

@group(0) @binding(0) var<uniform> params: PredictUniforms;
@group(0) @binding(1) var<storage, read> weights: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> rows: array<Row>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(global_invocation_id) id: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let chunk = id.y;
  let first = chunk * params.vecsPerChunk;
  let last = min(first + params.vecsPerChunk, params.vecCount);
  for (var t = id.x; t < params.rowCount; t += groups.x * WORKGROUP_SIZE) {
    let row = rows[t];
    var sum = 0.0;
    for (var v = first; v < last; v++) {
      let w = weights[v];
      if (all(w == vec4<f32>(0.0))) { continue; }
      sum += dot(w, features4(columns_at(params.shardStart + v * 4u), row));
    }
    partials[(params.chunkBase + chunk) * params.rowCount + t] = sum;
  }
}
