// Partial predictions over one chunk of one shard's features, for every row:
//   partials[(chunkBase + c)·rowCount + t] = Σ_{j in chunk c} w_j·x_tj
// A workgroup takes 64 rows (x, grid-stride) of one chunk (y) and walks the chunk a tile of 256
// vec4s at a time: each invocation loads four vec4s of weights into workgroup memory and
// hashes their features' column part (columns_at) once for all 64 rows, instead of every row
// doing both. A tile whose weights are all zero (most of them under L1) is skipped as a whole:
// its inner loop runs 0 times for every invocation, which a software adapter skips too (it
// runs both sides of a branch, but a loop no lane enters costs nothing). Two barriers a tile
// (software adapters pay dearly for each): the flag saying whether a tile has a nonzero weight
// alternates between two slots, so the next tile's is cleared while this one's is read.
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
const TILE = 256u;  // vec4s, four per invocation

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

var<workgroup> tileWeights: array<vec4<f32>, TILE>;
var<workgroup> tileColumns: array<Columns, TILE>;
// Whether any weight of the tile is nonzero, for tiles of even and odd count; 0 at the start.
var<workgroup> tileUsed: array<atomic<u32>, 2>;

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
  var tiles = 0u;
  for (var base = group.x * WORKGROUP_SIZE; base < params.rowCount; base += groups.x * WORKGROUP_SIZE) {
    let t = base + local;
    let row = rows[min(t, params.rowCount - 1u)];
    var sum = 0.0;
    for (var tile = first; tile < last; tile += TILE) {
      let slot = tiles % 2u;
      tiles++;
      workgroupBarrier();  // the previous tile is read by all, and this tile's flag cleared
      for (var k = 0u; k < TILE; k += WORKGROUP_SIZE) {
        let v = tile + k + local;
        var w = vec4<f32>(0.0);
        if (v < last) { w = weights[v]; }
        tileWeights[k + local] = w;
        if (any(w != vec4<f32>(0.0))) {
          tileColumns[k + local] = columns_at(params.shardStart + v * 4u);
          atomicStore(&tileUsed[slot], 1u);
        }
      }
      workgroupBarrier();
      let size = select(0u, min(TILE, last - tile), atomicLoad(&tileUsed[slot]) != 0u);
      // Read by nobody until the next tile's first barrier; written again only after it.
      if (local == 0u) { atomicStore(&tileUsed[1u - slot], 0u); }
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
