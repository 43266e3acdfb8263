// Initial weights from a counter-based hash h = pcg(pcg(i) ^ key): w_i = scale · x with
// symmetric x = (2k − 2^24)·2^−24 in [−1, 1), k = h >> 8 (24 bits), or
// positive  x = (2k + 1)·2^−24 in (0, 1),  k = h >> 9 (23 bits, so 2k + 1 fits f32 exactly).
// x is exact in f32, so the multiply is the only rounding and the CPU reproduces every
// bit. Mirrors src/engine/cpu/init-weights.ts. pcg_hash is shaders/pcg-hash.wgsl, appended.
//
// Bindings (group 0):
//   0 uniform      InitUniforms
//   1 storage rw   weights  array<f32>

const WORKGROUP_SIZE = 256u;
const KIND_POSITIVE = 1u;

struct InitUniforms {
  shardStart: u32,  // global index of this shard's first weight
  count: u32,
  key: u32,         // streamKey(seed, STREAM_WEIGHTS)
  kind: u32,        // 0 symmetric, 1 positive
  scale: f32,
}

@group(0) @binding(0) var<uniform> params: InitUniforms;
@group(0) @binding(1) var<storage, read_write> weights: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(local_invocation_index) local: u32,
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let threadCount = groups.x * groups.y * WORKGROUP_SIZE;
  for (var i = (group.x + group.y * groups.x) * WORKGROUP_SIZE + local; i < params.count; i += threadCount) {
    let h = pcg_hash(pcg_hash(params.shardStart + i) ^ params.key);
    var x: f32;
    if (params.kind == KIND_POSITIVE) {
      x = f32(2u * (h >> 9u) + 1u) * (1.0 / 16777216.0);
    } else {
      x = (f32(2u * (h >> 8u)) - 16777216.0) * (1.0 / 16777216.0);
    }
    weights[i] = params.scale * x;
  }
}
