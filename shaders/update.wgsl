// The fused update: one pass reads w and g and writes w, for every rule.
//   u = (w − lr·g) − l2Decay·w;  sign: w' = u − l1Step·sign(w)
//   clip: as sign, but 0 when the L1 step reaches or crosses zero;  prox: w' = sign(u)·max(|u| − l1Step, 0)
// With COLLECT_STATS it also counts the new weights into exponent-bit bins (workgroup
// atomics, merged once per workgroup) and writes per-invocation partial sums of |w| and w²
// (no tree reduction here: each workgroup barrier is costly on software adapters, and the
// second pass sums the partials anyway).
// Mirrors src/engine/cpu/apply-update.ts; bin layout as src/engine/stats-layout.ts.
//
// Bindings (group 0):
//   0 uniform      UpdateUniforms
//   1 storage rw   weights   array<vec4<u32>>  (f32 bits: loads and stores never touch a NaN)
//   2 storage r    gradient  array<vec4<u32>>
//   3 storage rw   counts    array<atomic<u32>, 516>
//   4 storage rw   partials  array<vec2<f32>>  (‖w‖₁, ‖w‖₂² per invocation)

override COLLECT_STATS: bool = true;
const WORKGROUP_SIZE = 256u;

const FORM_SIGN = 0u;
const FORM_CLIP = 1u;
const FORM_PROX = 2u;

const BIN_NEG_NORMAL = 0u;
const BIN_POS_NORMAL = 254u;
const BIN_ZERO = 508u;
const BIN_NEG_SUBNORMAL = 509u;
const BIN_POS_SUBNORMAL = 510u;
const BIN_NAN = 511u;
const BIN_POS_INF = 512u;
const BIN_NEG_INF = 513u;
const COUNT_BECAME_ZERO = 514u;
const COUNT_LEFT_ZERO = 515u;
const COUNTER_COUNT = 516u;

const EXPONENT_MASK = 0x7f800000u;
const MAGNITUDE_MASK = 0x7fffffffu;
const CANONICAL_NAN = 0x7fc00000u;

struct UpdateUniforms {
  lr: f32,
  l1Step: f32,
  l2Decay: f32,
  l1Form: u32,
  count: u32,        // parameters in this shard
  apply: u32,        // 0: statistics of the current weights only
  partialBase: u32,  // this shard's first workgroup slot in `partials` (× WORKGROUP_SIZE)
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: UpdateUniforms;
@group(0) @binding(1) var<storage, read_write> weights: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read> gradient: array<vec4<u32>>;
@group(0) @binding(3) var<storage, read_write> counts: array<atomic<u32>, COUNTER_COUNT>;
@group(0) @binding(4) var<storage, read_write> partials: array<vec2<f32>>;

var<workgroup> groupCounts: array<atomic<u32>, COUNTER_COUNT>;

fn is_non_finite(bits: u32) -> bool {
  return (bits & EXPONENT_MASK) == EXPONENT_MASK;
}

// Subnormals read and written as zero, explicitly: GPUs may flush them, JS never does.
fn flushed(bits: u32) -> f32 {
  if ((bits & EXPONENT_MASK) == 0u) { return 0.0; }
  return bitcast<f32>(bits);
}

fn updated_bits(wBits: u32, gBits: u32) -> u32 {
  if (is_non_finite(wBits)) { return wBits; }
  if (is_non_finite(gBits)) { return CANONICAL_NAN; }
  let w = flushed(wBits);
  let g = flushed(gBits);
  let s = sign(w);
  let u = (w - params.lr * g) - params.l2Decay * w;
  var next: f32;
  switch params.l1Form {
    case FORM_CLIP: {
      let v = u - params.l1Step * s;
      let crossed = s != 0.0 && s * u >= 0.0 && s * v < 0.0;
      next = select(v, 0.0, crossed);
    }
    case FORM_PROX: {
      next = sign(u) * max(abs(u) - params.l1Step, 0.0);
    }
    default: {
      next = u - params.l1Step * s;
    }
  }
  let nextBits = bitcast<u32>(next);
  if ((nextBits & EXPONENT_MASK) == 0u) { return 0u; }
  return nextBits;
}

fn value_bin(bits: u32) -> u32 {
  let negative = (bits >> 31u) == 1u;
  let exponent = (bits >> 23u) & 0xffu;
  let mantissa = bits & 0x7fffffu;
  if (exponent == 0xffu) {
    if (mantissa != 0u) { return BIN_NAN; }
    return select(BIN_POS_INF, BIN_NEG_INF, negative);
  }
  if (exponent == 0u) {
    // Exact zeros are counted by the caller; only subnormals reach here.
    return select(BIN_POS_SUBNORMAL, BIN_NEG_SUBNORMAL, negative);
  }
  return select(BIN_POS_NORMAL, BIN_NEG_NORMAL, negative) + exponent - 1u;
}

// Per-invocation tallies: the hot counts stay in registers and are merged once.
var<private> zeros: u32;
var<private> becameZero: u32;
var<private> leftZero: u32;
var<private> norms: vec2<f32>;

fn tally(bits: u32, oldBits: u32) {
  let isZero = (bits & MAGNITUDE_MASK) == 0u;
  if (params.apply != 0u) {
    let wasZero = (oldBits & MAGNITUDE_MASK) == 0u;
    becameZero += select(0u, 1u, isZero && !wasZero);
    leftZero += select(0u, 1u, wasZero && !isZero);
  }
  if (isZero) {
    // The hot bin under strong L1.
    zeros++;
    return;
  }
  atomicAdd(&groupCounts[value_bin(bits)], 1u);
  if (!is_non_finite(bits)) {
    let x = bitcast<f32>(bits);
    norms += vec2<f32>(abs(x), x * x);
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(local_invocation_index) local: u32,
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  // Groups past 65,535 spill into y; the grid-stride loop covers any shortfall.
  let groupIndex = group.x + group.y * groups.x;
  let threadCount = groups.x * groups.y * WORKGROUP_SIZE;
  let vecCount = (params.count + 3u) / 4u;

  // A workgroup with nothing to do leaves at once (the condition is workgroup-uniform, so
  // the barriers below stay in uniform control flow); its partial sums are zero.
  let partialSlot = (params.partialBase + groupIndex) * WORKGROUP_SIZE + local;
  if (groupIndex * WORKGROUP_SIZE >= vecCount) {
    if (COLLECT_STATS) { partials[partialSlot] = vec2<f32>(0.0); }
    return;
  }

  for (var i = groupIndex * WORKGROUP_SIZE + local; i < vecCount; i += threadCount) {
    let old = weights[i];
    var next = old;
    if (params.apply != 0u) {
      let g = gradient[i];
      next = vec4<u32>(updated_bits(old.x, g.x), updated_bits(old.y, g.y), updated_bits(old.z, g.z), updated_bits(old.w, g.w));
      weights[i] = next;
    }
    if (COLLECT_STATS) {
      // Lanes past the end of the shard are padding; only the last vec4 has any.
      let lanes = min(params.count - i * 4u, 4u);
      tally(next.x, old.x);
      if (lanes > 1u) { tally(next.y, old.y); }
      if (lanes > 2u) { tally(next.z, old.z); }
      if (lanes > 3u) { tally(next.w, old.w); }
    }
  }

  if (COLLECT_STATS) {
    if (zeros != 0u) { atomicAdd(&groupCounts[BIN_ZERO], zeros); }
    if (becameZero != 0u) { atomicAdd(&groupCounts[COUNT_BECAME_ZERO], becameZero); }
    if (leftZero != 0u) { atomicAdd(&groupCounts[COUNT_LEFT_ZERO], leftZero); }
    partials[partialSlot] = norms;
    workgroupBarrier();
    for (var bin = local; bin < COUNTER_COUNT; bin += WORKGROUP_SIZE) {
      let c = atomicLoad(&groupCounts[bin]);
      if (c != 0u) { atomicAdd(&counts[bin], c); }
    }
  }
}
