// The regression problem's features, made where they are used and never stored: a library
// appended to the regression kernels (no entry point, no bindings of its own).
//   h = pcg(pcg(j) ^ rowKey);  S(h) = the sum of the four bytes of h, in [0, 1020]
//   gaussian x = f32(S(h) − 510)·f32(1/√21845);  rademacher x = ±1 by the top bit of h;
//   correlated x = f32(S(hz) + S(h) − 1020)·f32(1/√43690), hz = pcg(pcg(⌊j/4⌋) ^ latentRowKey)
// Integer arithmetic, then one f32 multiply: every value is exact and equal to the CPU's.
// A vec4 of features starts at a multiple of 4, so it is one correlated group.
// Mirrors src/problems/regression/features.ts.

// 0 gaussian, 1 rademacher, 2 correlated (KIND_CODE in features.ts): a pipeline constant, so
// each pipeline holds only its own arithmetic.
override FEATURE_KIND: u32 = 0u;
const KIND_RADEMACHER = 1u;
const KIND_CORRELATED = 2u;

// f32(1/√21845) and f32(1/√43690) as bits, so no compiler rounds a decimal literal its own way.
const GAUSSIAN_SCALE = bitcast<f32>(0x3bddb446u);
const CORRELATED_SCALE = bitcast<f32>(0x3b9cc4bfu);

// One sample as the kernels see it: its row keys (hashAt(key, sample) for the feature and
// latent streams) and its target y.
struct Row {
  key: u32,
  latentKey: u32,
  y: f32,        // the target
  _pad: u32,
}

// pcg_hash (shaders/pcg-hash.wgsl) on four counters at once.
fn pcg_hash4(input: vec4<u32>) -> vec4<u32> {
  let state = input * 747796405u + vec4<u32>(2891336453u);
  let word = ((state >> ((state >> vec4<u32>(28u)) + vec4<u32>(4u))) ^ state) * 277803737u;
  return (word >> vec4<u32>(22u)) ^ word;
}

fn byte_sum(h: u32) -> u32 {
  return (h & 0xffu) + ((h >> 8u) & 0xffu) + ((h >> 16u) & 0xffu) + (h >> 24u);
}

fn byte_sum4(h: vec4<u32>) -> vec4<u32> {
  let mask = vec4<u32>(0xffu);
  return (h & mask) + ((h >> vec4<u32>(8u)) & mask) + ((h >> vec4<u32>(16u)) & mask) + (h >> vec4<u32>(24u));
}

// The part of the hashes that depends on the features alone: pcg(j) for the four features
// from j0 (a multiple of 4) in xyz w, and pcg(⌊j0/4⌋) for their group in `group`. Loops over
// samples compute it once.
struct Columns {
  hashes: vec4<u32>,
  group: u32,
}

fn columns_at(j0: u32) -> Columns {
  return Columns(pcg_hash4(vec4<u32>(j0) + vec4<u32>(0u, 1u, 2u, 3u)), pcg_hash(j0 / 4u));
}

// Features j0 … j0 + 3 of one sample.
fn features4(columns: Columns, row: Row) -> vec4<f32> {
  let h = pcg_hash4(columns.hashes ^ vec4<u32>(row.key));
  if (FEATURE_KIND == KIND_RADEMACHER) {
    return select(vec4<f32>(-1.0), vec4<f32>(1.0), (h >> vec4<u32>(31u)) == vec4<u32>(1u));
  }
  if (FEATURE_KIND == KIND_CORRELATED) {
    let z = byte_sum(pcg_hash(columns.group ^ row.latentKey));
    return vec4<f32>(vec4<i32>(byte_sum4(h) + vec4<u32>(z)) - vec4<i32>(1020)) * CORRELATED_SCALE;
  }
  return vec4<f32>(vec4<i32>(byte_sum4(h)) - vec4<i32>(510)) * GAUSSIAN_SCALE;
}
