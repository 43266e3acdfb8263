// The benchmark's unfused baseline: one generic elementwise kernel, one dispatch and one
// pass over memory per operation, the way an eager framework (PyTorch eager, TensorFlow.js)
// runs `w − η·g − ηλ1·sign(w) − ηλ2·w` as a chain of separate ops. The host picks the
// operation per pipeline with the `op` override, so every op shares this one source.
// Not the engine's update (shaders/update.wgsl fuses all of this into one pass) and not
// meant for training: no flush-to-zero or non-finite handling beyond what f32 gives.
//
// Each op runs with the same memory access pattern as a fused kernel would (vec4 loads,
// grid-stride loop over a tunable number of workgroups), so the comparison measures the
// cost of not fusing, not a worse loop. Vectors are padded with zeros to a multiple of 4.

const OP_SCALE: u32 = 0u; // x = c·y      (a scalar multiply into a fresh tensor)
const OP_SUB: u32 = 1u;   // x = x − y    (in place, like torch's sub_)
const OP_SIGN: u32 = 2u;  // x = sign(y)  (sign(0) = 0)

override op: u32;
override workgroup_size: u32;

struct Scalar {
  c: f32,
}

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> y: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> scalar: Scalar;

@compute @workgroup_size(workgroup_size)
fn main(
  @builtin(global_invocation_id) id: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let n = arrayLength(&x);
  let stride = groups.x * workgroup_size;
  for (var i = id.x; i < n; i += stride) {
    switch op {
      case OP_SCALE: { x[i] = scalar.c * y[i]; }
      case OP_SUB: { x[i] = x[i] - y[i]; }
      case OP_SIGN: { x[i] = sign(y[i]); }
      default: {}
    }
  }
}
