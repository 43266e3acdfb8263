// The fused update: one pass reads w and g and writes w, for every rule.
//   u = (w − lr·g) − l2Decay·w;  sign: w' = u − l1Step·sign(w)
//   clip: as sign, but 0 when the L1 step reaches or crosses zero;  prox: w' = sign(u)·max(|u| − l1Step, 0)
// With COLLECT_STATS it also counts the new weights into exponent-bit bins (workgroup
// atomics, merged once per workgroup) and writes per-invocation partial sums of |w| and w²
// (no tree reduction here: each workgroup barrier is costly on software adapters, and the
// second pass sums the partials anyway). When the counts buffer already holds the bins of
// the weights before this step (COUNT_CHANGES: the previous pass collected statistics
// too), only the weights whose bin changed are counted, out of the old bin and into the
// new: an atomic per weight was most of the cost of statistics, and a step moves few
// weights across a power of two.
// Mirrors src/engine/cpu/apply-update.ts; bin layout as src/engine/stats-layout.ts.
// `// #region <part>` … `// #endregion <part>` mark the lines of each part of the update
// rule; the app's GPU explainer (src/ui/explain/wgsl-regions.ts) highlights them by name.
//
// Bindings (group 0):
//   0 uniform      UpdateUniforms
//   1 storage rw   weights   array<vec4<u32>>  (f32 bits: loads and stores never touch a NaN)
//   2 storage r    gradient  array<vec4<u32>>
//   3 storage rw   counts    array<atomic<u32>, 516>
//   4 storage rw   partials  array<vec2<f32>>  (‖w‖₁, ‖w‖₂² per invocation)

override COLLECT_STATS: bool = true;
// With COLLECT_STATS: `counts` holds the bins of the weights before this pass, so count only
// the changes. A constant, not a uniform: a software adapter runs both sides of a branch.
override COUNT_CHANGES: bool = false;
// The L1 form is a pipeline constant, not a uniform, so each pipeline holds only its own
// arithmetic (a uniform switch still costs every form on a software adapter).
override L1_FORM: u32 = 0u;
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
  _pad0: u32,
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

// Branch-free on purpose: software adapters run both sides of a data-dependent branch.
fn updated_bits(wBits: vec4<u32>, gBits: vec4<u32>) -> vec4<u32> {
  let zero4 = vec4<u32>(0u);
  let exponentMask = vec4<u32>(EXPONENT_MASK);
  // #region read-flush
  // Subnormals read and written as zero, explicitly: GPUs may flush them, JS never does.
  let w = select(bitcast<vec4<f32>>(wBits), vec4<f32>(0.0), (wBits & exponentMask) == zero4);
  let g = select(bitcast<vec4<f32>>(gBits), vec4<f32>(0.0), (gBits & exponentMask) == zero4);
  // #endregion read-flush
  // #region sign-of-w
  let s = sign(w);
  // #endregion sign-of-w
  // #region gradient-decay
  let u = (w - params.lr * g) - params.l2Decay * w;
  // #endregion gradient-decay
  var next: vec4<f32>;
  if (L1_FORM == FORM_PROX) {
    // #region prox
    next = sign(u) * max(abs(u) - params.l1Step, vec4<f32>(0.0));
    // #endregion prox
  } else {
    // #region sign-step
    next = u - params.l1Step * s;
    // #endregion sign-step
    if (L1_FORM == FORM_CLIP) {
      // #region clip
      // The L1 step reached or crossed zero: stop at 0.
      let crossed = (s != vec4<f32>(0.0)) & (s * u >= vec4<f32>(0.0)) & (s * next < vec4<f32>(0.0));
      next = select(next, vec4<f32>(0.0), crossed);
      // #endregion clip
    }
  }
  // #region write-flush
  var bits = bitcast<vec4<u32>>(next);
  bits = select(bits, zero4, (bits & exponentMask) == zero4);
  // #endregion write-flush
  // #region non-finite
  // Overflow can make u = Inf − Inf = NaN; compilers may assume no NaN (max(NaN, 0) may
  // give 0), so a NaN u is found by its bits and written as NaN, as IEEE would propagate it.
  let uIsNaN = (bitcast<vec4<u32>>(u) & vec4<u32>(MAGNITUDE_MASK)) > exponentMask;
  bits = select(bits, vec4<u32>(CANONICAL_NAN), uIsNaN);
  // A non-finite gradient poisons a finite weight; a non-finite weight stays as it is.
  bits = select(bits, vec4<u32>(CANONICAL_NAN), (gBits & exponentMask) == exponentMask);
  return select(bits, wBits, (wBits & exponentMask) == exponentMask);
  // #endregion non-finite
}

// Inside a workgroup, weights are counted by their top nine bits, bits >> 23 = sign·256 +
// exponent field: one shift per weight instead of a chain of selects. Zeros, NaN and the
// transition counts sit after those 512 slots; the flush maps each slot to the snapshot
// layout once per workgroup. Slot e (sign 0) holds +subnormals for e = 0, +Inf for e = 255.
const SLOT_ZERO = 512u;
const SLOT_NAN = 513u;
const SLOT_BECAME_ZERO = 514u;
const SLOT_LEFT_ZERO = 515u;

var<workgroup> groupCounts: array<atomic<u32>, COUNTER_COUNT>;

fn layout_index(slot: u32) -> u32 {
  switch slot {
    case SLOT_ZERO: { return BIN_ZERO; }
    case SLOT_NAN: { return BIN_NAN; }
    case SLOT_BECAME_ZERO: { return COUNT_BECAME_ZERO; }
    case SLOT_LEFT_ZERO: { return COUNT_LEFT_ZERO; }
    default: {
      let negative = slot >= 256u;
      let exponent = slot & 0xffu;
      if (exponent == 0u) { return select(BIN_POS_SUBNORMAL, BIN_NEG_SUBNORMAL, negative); }
      if (exponent == 0xffu) { return select(BIN_POS_INF, BIN_NEG_INF, negative); }
      return select(BIN_POS_NORMAL, BIN_NEG_NORMAL, negative) + exponent - 1u;
    }
  }
}

// Per-invocation tallies: the hot counts stay in registers and are merged once.
var<private> zeros: u32;
var<private> nans: u32;
var<private> becameZero: u32;
var<private> zerosBefore: u32;
var<private> leftZero: u32;
var<private> norms: vec2<f32>;

fn count_true(mask: vec4<bool>) -> u32 {
  let ones = select(vec4<u32>(0u), vec4<u32>(1u), mask);
  return ones.x + ones.y + ones.z + ones.w;
}

// A weight's slot: the top nine bits, or SLOT_ZERO for ±0, or SLOT_NAN.
fn slot_of(bits: vec4<u32>) -> vec4<u32> {
  let magnitude = bits & vec4<u32>(MAGNITUDE_MASK);
  let slots = select(bits >> vec4<u32>(23u), vec4<u32>(SLOT_NAN), magnitude > vec4<u32>(EXPONENT_MASK));
  return select(slots, vec4<u32>(SLOT_ZERO), magnitude == vec4<u32>(0u));
}

// Every weight counted into its bin (the counts were cleared before the pass).
fn tally_all(bits: vec4<u32>, oldBits: vec4<u32>, valid: vec4<bool>) {
  let zero4 = vec4<u32>(0u);
  let magnitude = bits & vec4<u32>(MAGNITUDE_MASK);
  let isZero = magnitude == zero4;
  let isNaN = magnitude > vec4<u32>(EXPONENT_MASK);
  if (params.apply != 0u) {
    // left = became + (zeros before) − (zeros after): one count fewer per vec4.
    let wasZero = (oldBits & vec4<u32>(MAGNITUDE_MASK)) == zero4;
    becameZero += count_true(isZero & !wasZero & valid);
    zerosBefore += count_true(wasZero & valid);
  }
  // Zeros are the hot bin under strong L1: a register, not an atomic.
  zeros += count_true(isZero & valid);
  nans += count_true(isNaN & valid);
  let counted = !isZero & !isNaN & valid;
  let slots = bits >> vec4<u32>(23u);
  if (counted.x) { atomicAdd(&groupCounts[slots.x], 1u); }
  if (counted.y) { atomicAdd(&groupCounts[slots.y], 1u); }
  if (counted.z) { atomicAdd(&groupCounts[slots.z], 1u); }
  if (counted.w) { atomicAdd(&groupCounts[slots.w], 1u); }
}

// Only the weights whose slot changed: one count out of the old slot (u32 arithmetic wraps,
// and the sums over the pass are exact), one into the new.
fn tally_changes(bits: vec4<u32>, oldBits: vec4<u32>, valid: vec4<bool>) {
  let before = slot_of(oldBits);
  let after = slot_of(bits);
  let moved = (before != after) & valid;
  becameZero += count_true(moved & (after == vec4<u32>(SLOT_ZERO)));
  leftZero += count_true(moved & (before == vec4<u32>(SLOT_ZERO)));
  if (moved.x) { atomicSub(&groupCounts[before.x], 1u); atomicAdd(&groupCounts[after.x], 1u); }
  if (moved.y) { atomicSub(&groupCounts[before.y], 1u); atomicAdd(&groupCounts[after.y], 1u); }
  if (moved.z) { atomicSub(&groupCounts[before.z], 1u); atomicAdd(&groupCounts[after.z], 1u); }
  if (moved.w) { atomicSub(&groupCounts[before.w], 1u); atomicAdd(&groupCounts[after.w], 1u); }
}

fn tally(bits: vec4<u32>, oldBits: vec4<u32>, valid: vec4<bool>) {
  if (COUNT_CHANGES) {
    tally_changes(bits, oldBits, valid);
  } else {
    tally_all(bits, oldBits, valid);
  }
  // The norms are of the weights themselves, so every weight adds to them (±0 adds 0).
  let finite = (bits & vec4<u32>(MAGNITUDE_MASK)) < vec4<u32>(EXPONENT_MASK);
  let x = select(vec4<f32>(0.0), abs(bitcast<vec4<f32>>(bits)), finite & valid);
  norms += vec2<f32>(x.x + x.y + x.z + x.w, dot(x, x));
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(local_invocation_index) local: u32,
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  // #region grid-stride
  // Groups past 65,535 spill into y; the grid-stride loop covers any shortfall.
  let groupIndex = group.x + group.y * groups.x;
  let threadCount = groups.x * groups.y * WORKGROUP_SIZE;
  let vecCount = (params.count + 3u) / 4u;
  // #endregion grid-stride

  // A workgroup with nothing to do leaves at once (the condition is workgroup-uniform, so
  // the barriers below stay in uniform control flow); its partial sums are zero.
  let partialSlot = (params.partialBase + groupIndex) * WORKGROUP_SIZE + local;
  if (groupIndex * WORKGROUP_SIZE >= vecCount) {
    if (COLLECT_STATS) { partials[partialSlot] = vec2<f32>(0.0); }
    return;
  }

  // #region grid-stride
  for (var i = groupIndex * WORKGROUP_SIZE + local; i < vecCount; i += threadCount) {
    let old = weights[i];
    var next = old;
    if (params.apply != 0u) {
      next = updated_bits(old, gradient[i]);
      weights[i] = next;
    }
    // #endregion grid-stride
    if (COLLECT_STATS) {
      // Lanes past the end of the shard are padding; only the last vec4 has any.
      tally(next, old, vec4<u32>(0u, 1u, 2u, 3u) + i * 4u < vec4<u32>(params.count));
    }
  }

  if (COLLECT_STATS) {
    if (zeros != 0u) { atomicAdd(&groupCounts[SLOT_ZERO], zeros); }
    if (nans != 0u) { atomicAdd(&groupCounts[SLOT_NAN], nans); }
    if (becameZero != 0u) { atomicAdd(&groupCounts[SLOT_BECAME_ZERO], becameZero); }
    if (!COUNT_CHANGES) {
      leftZero = becameZero + zerosBefore - select(0u, zeros, params.apply != 0u);
    }
    if (leftZero != 0u) { atomicAdd(&groupCounts[SLOT_LEFT_ZERO], leftZero); }
    partials[partialSlot] = norms;
    workgroupBarrier();
    for (var slot = local; slot < COUNTER_COUNT; slot += WORKGROUP_SIZE) {
      let c = atomicLoad(&groupCounts[slot]);
      if (c != 0u) { atomicAdd(&counts[layout_index(slot)], c); }
    }
  }
}
