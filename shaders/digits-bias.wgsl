// The bias step of one layer, a plain gradient step with no penalty (biases are not
// regularised): b_o ← b_o − lr·Σ_r δ[r, o] over the step's rows. One invocation per output
// (grid-stride), summing its column of δ in f32.
// Mirrors biasStep in src/problems/digits/layers.ts.
//
// Bindings (group 0):
//   0 uniform      BiasUniforms
//   1 storage r    delta   array<f32>   (rows × stride)
//   2 storage rw   biases  array<f32>   (the run's biases, every layer)

const WORKGROUP_SIZE = 64u;

struct BiasUniforms {
  rows: u32,
  outputs: u32,
  stride: u32,
  biasOffset: u32,   // the layer's first bias in `biases`
  lr: f32,
}

@group(0) @binding(0) var<uniform> params: BiasUniforms;
@group(0) @binding(1) var<storage, read> delta: array<f32>;
@group(0) @binding(2) var<storage, read_write> biases: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  for (var o = id.x; o < params.outputs; o += groups.x * WORKGROUP_SIZE) {
    var sum = 0.0;
    for (var r = 0u; r < params.rows; r++) { sum += delta[r * params.stride + o]; }
    biases[params.biasOffset + o] = biases[params.biasOffset + o] - params.lr * sum;
  }
}
