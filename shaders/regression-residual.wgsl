// Residuals from the partial predictions: r_t = (Σ_c partials[c·rowCount + t]) − y_t.
// One invocation per row (grid-stride).
// Mirrors residualsOf in src/problems/regression/predict.ts. Appended: regression-features.wgsl.
//
// Bindings (group 0):
//   0 uniform      ResidualUniforms
//   1 storage r    rows       array<Row>
//   2 storage r    partials   array<f32>
//   3 storage rw   residuals  array<f32>

const WORKGROUP_SIZE = 64u;

struct ResidualUniforms {
  rowCount: u32,
  chunkCount: u32,   // chunks over all shards
}

@group(0) @binding(0) var<uniform> params: ResidualUniforms;
@group(0) @binding(1) var<storage, read> rows: array<Row>;
@group(0) @binding(2) var<storage, read> partials: array<f32>;
@group(0) @binding(3) var<storage, read_write> residuals: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(global_invocation_id) id: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  for (var t = id.x; t < params.rowCount; t += groups.x * WORKGROUP_SIZE) {
    var prediction = 0.0;
    for (var c = 0u; c < params.chunkCount; c++) {
      prediction += partials[c * params.rowCount + t];
    }
    residuals[t] = prediction - rows[t].y;
  }
}
