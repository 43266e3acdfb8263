// Per-layer sparsity counts: of the weights [offset, offset + 4·vecCount) of one buffer (a
// layer, or the part of it in one shard), how many are exactly 0 and how many have |w| < ε,
// added to counts[2·slot] and counts[2·slot + 1]. Compared as bit patterns (a non-negative
// f32's bits order as its value; NaN's magnitude bits exceed every finite ε's), so the counts
// are exact and a NaN is neither. Counted in registers, merged in workgroup atomics, then one
// global atomicAdd per counter per workgroup.
// Mirrors layerCounts in src/problems/digits/cpu-digits.ts.
//
// Bindings (group 0):
//   0 uniform      CountUniforms
//   1 storage r    weights  array<vec4<u32>>   (f32 bits)
//   2 storage rw   counts   array<atomic<u32>>

const WORKGROUP_SIZE = 256u;
const MAGNITUDE_MASK = 0x7fffffffu;

struct CountUniforms {
  offset: u32,     // in vec4s
  vecCount: u32,
  slot: u32,       // the layer
  epsilonBits: u32,  // bits of f32(ε) > 0
}

@group(0) @binding(0) var<uniform> params: CountUniforms;
@group(0) @binding(1) var<storage, read> weights: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read_write> counts: array<atomic<u32>>;

var<workgroup> groupZeros: atomic<u32>;
var<workgroup> groupNear: atomic<u32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(local_invocation_index) local: u32,
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  var zeros = 0u;
  var near = 0u;
  for (var v = group.x * WORKGROUP_SIZE + local; v < params.vecCount; v += groups.x * WORKGROUP_SIZE) {
    let magnitude = weights[params.offset + v] & vec4<u32>(MAGNITUDE_MASK);
    zeros += dot(select(vec4<u32>(0u), vec4<u32>(1u), magnitude == vec4<u32>(0u)), vec4<u32>(1u));
    near += dot(select(vec4<u32>(0u), vec4<u32>(1u), magnitude < vec4<u32>(params.epsilonBits)), vec4<u32>(1u));
  }
  if (zeros > 0u) { atomicAdd(&groupZeros, zeros); }
  if (near > 0u) { atomicAdd(&groupNear, near); }
  workgroupBarrier();
  if (local == 0u) {
    atomicAdd(&counts[2u * params.slot], atomicLoad(&groupZeros));
    atomicAdd(&counts[2u * params.slot + 1u], atomicLoad(&groupNear));
  }
}
