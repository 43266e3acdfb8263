// Partial predictions over one chunk of one shard's features, for every row:
//   partials[(chunkBase + c)·rowCount + t] = Σ_{j in chunk c} w_j·x_tj
// A workgroup takes 64 rows (x, grid-stride) of one chunk (y) and walks the chunk a tile of 64
// vec4s at a time: each invocation loads one vec4 of weights into workgroup memory and hashes
// its features' column part (columns_at) once for all 64 rows, instead of every row doing
// both. A tile whose weights are all zero (most of them under L1) is skipped as a whole: its
// inner loop runs 0 times for every invocation, which a software adapter skips too (it runs
// both sides of a branch, but a loop no lane enters costs nothing).
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
  rowCount: u32,      // ≥ 1: the host records no pass over an empty set
  chunkBase: u32,     // the shard's first chunk among all shards' chunks
  vecsPerChunk: u32,
}

@group(0) @binding(0) var<uniform> params: PredictUniforms;
@group(0) @binding(1) var<storage, read> weights: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> rows: array<Row>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;

var<workgroup> tileWeights: array<vec4<f32>, WORKGROUP_SIZE>;
var<workgroup> tileColumns: array<Columns, WORKGROUP_SIZE>;
// Whether any weight of the tile is nonzero.
var<workgroup> tileUsed: atomic<u32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(local_invocation_index) local: u32,
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let chunk = group.y;
  let first = chunk * params.vecsPerChunk;
  let last = min(first + params.vecsPerChunk, params.vecCount);
  // Every bound below is the same for the whole workgroup, so every invocation reaches every barrier.
  for (var base = group.x * WORKGROUP_SIZE; base < params.rowCount; base += groups.x * WORKGROUP_SIZE) {
    let t = base + local;
    let row = rows[min(t, params.rowCount - 1u)];
    var sum = 0.0;
    for (var tile = first; tile < last; tile += WORKGROUP_SIZE) {
      workgroupBarrier();  // the previous tile is read by all
      if (local == 0u) { atomicStore(&tileUsed, 0u); }
      workgroupBarrier();
      let v = tile + local;
      var w = vec4<f32>(0.0);
      if (v < last) { w = weights[v]; }
      tileWeights[local] = w;
      if (any(w != vec4<f32>(0.0))) {
        tileColumns[local] = columns_at(params.shardStart + v * 4u);
        atomicStore(&tileUsed, 1u);
      }
      workgroupBarrier();
      let size = select(0u, min(WORKGROUP_SIZE, last - tile), atomicLoad(&tileUsed) != 0u);
      for (var i = 0u; i < size; i++) {
        let wi = tileWeights[i];
        if (all(wi == vec4<f32>(0.0))) { continue; }
        sum += dot(wi, features4(tileColumns[i], row));
      }
    }
    if (t < params.rowCount) {
      partials[(params.chunkBase + chunk) * params.rowCount + t] = sum;
    }
  }
}
