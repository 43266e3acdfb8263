// One tiled matrix product for every product of the digits network's passes:
//   C[m, n] = epilogue(Σ_k A[m, k]·B[k, n])   for m < M, n < N
// A 64×64 tile of C per workgroup of 8×8 invocations, each invocation an 8×8 block of
// C held in 16 vec4 registers; the inner dimension advances 16 at a time through tiles of A
// and B in workgroup memory, stored as vec4s along m (A) and n (B), so the inner loop does
// four vec4 loads per 16 vec4 multiply-adds.
// Every global load is a vec4 along whichever dimension of the operand is contiguous in
// memory (uniforms aMContiguous, bNContiguous), so one pipeline serves:
//   forward          A = activations (k contiguous), B = Wᵀ (W row-major out×in: k contiguous)
//   weight gradient  A = dZᵀ (m contiguous), B = activations (n contiguous)
//   input gradient   A = dZ (k contiguous), B = W (n contiguous)
// An operand contiguous along k is loaded as a 4×4 block (four vec4s, four rows) and
// transposed in registers, so every store to workgroup memory is a whole vec4.
// Vec4 loads need each operand's contiguous rows to start at a multiple of 4 floats: offsets
// and strides are (hidden widths are multiples of 4, activation rows are padded to whole
// vec4s). Lanes past M, N or K are read as 0, so ragged edges and the padding of a 10-wide
// output layer cost nothing. C is written a vec4 at a time too: its stride is a multiple of 4
// and lanes past N (padding) are written as 0.
// Epilogues (epilogue): 0 store; 1 add bias[n] (`extra`); 2 add bias[n], then ReLU;
// 3 multiply by the ReLU mask extra[m, n] > 0 (extra laid out as C).
// The form is in the uniforms, not pipeline constants: one pipeline instead of four, because
// a software adapter takes seconds to compile each, and the branches it adds run once per
// 16-deep step or once per output, never in the inner loop (measured: no slower).
// Mirrors src/problems/digits/layers.ts.
//
// Bindings (group 0):
//   0 uniform      MatmulUniforms
//   1 storage r    a      array<vec4<f32>>
//   2 storage r    b      array<vec4<f32>>
//   3 storage r    extra  array<vec4<f32>>  (bias, or the activations whose ReLU mask applies)
//   4 storage rw   c      array<vec4<f32>>

const EPILOGUE_BIAS = 1u;
const EPILOGUE_BIAS_RELU = 2u;
const EPILOGUE_RELU_MASK = 3u;

const SIDE = 8u;            // invocations per side of the workgroup
const BLOCK = 8u;           // rows and columns of C per invocation
const TILE = SIDE * BLOCK;  // rows and columns of C per workgroup
const TILE_K = 16u;         // inner-dimension step
const VECS = TILE / 4u;     // vec4s across a tile

struct MatmulUniforms {
  m: u32,
  n: u32,
  k: u32,
  aStride: u32,      // floats from one row (k contiguous) or one k (m contiguous) of A to the next
  bStride: u32,      // floats from one column (k contiguous) or one k (n contiguous) of B to the next
  cStride: u32,
  aOffset: u32,      // floats; every offset and stride is a multiple of 4
  bOffset: u32,
  cOffset: u32,
  extraOffset: u32,
  aMContiguous: u32,  // 1: A[m, k] at aOffset + k·aStride + m;  0: at aOffset + m·aStride + k
  bNContiguous: u32,  // 1: B[k, n] at bOffset + k·bStride + n;  0: at bOffset + n·bStride + k
  epilogue: u32,
}

@group(0) @binding(0) var<uniform> params: MatmulUniforms;
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> extra: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> c: array<vec4<f32>>;

// tileA[k·VECS + m/4] holds A[m .. m+3, k]; tileB[k·VECS + n/4] holds B[k, n .. n+3].
var<workgroup> tileA: array<vec4<f32>, TILE_K * VECS>;
var<workgroup> tileB: array<vec4<f32>, TILE_K * VECS>;

const LANES = vec4<u32>(0u, 1u, 2u, 3u);

// The vec4 at float index `at` (a multiple of 4) of `b` (`fromB`) or `a`, its lanes at
// positions first, first + 1, … along the contiguous dimension kept only below `limit`; 0 when
// `inside` is false (a whole vec4 past the edge is never read: it may lie past the buffer).
fn load4(fromB: bool, at: u32, first: u32, limit: u32, inside: bool) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (inside) {
    if (fromB) { v = b[at / 4u]; } else { v = a[at / 4u]; }
  }
  return select(vec4<f32>(0.0), v, vec4<u32>(first) + LANES < vec4<u32>(limit));
}

// A 4×4 block of an operand as four vec4s along x (m for A, n for B), one per k … k+3.
// `xContiguous`: element (x, k) is at offset + k·stride + x, so each vec4 is one load;
// otherwise it is at offset + x·stride + k: four rows x … x+3, each a vec4 over k … k+3,
// transposed in registers.
fn block4(fromB: bool, xContiguous: bool, offset: u32, stride: u32, x: u32, xLimit: u32, k: u32, kLimit: u32) -> array<vec4<f32>, 4> {
  var out: array<vec4<f32>, 4>;
  if (xContiguous) {
    for (var j = 0u; j < 4u; j++) {
      out[j] = load4(fromB, offset + (k + j) * stride + x, x, xLimit, k + j < kLimit && x < xLimit);
    }
  } else {
    let r0 = load4(fromB, offset + x * stride + k, k, kLimit, x < xLimit && k < kLimit);
    let r1 = load4(fromB, offset + (x + 1u) * stride + k, k, kLimit, x + 1u < xLimit && k < kLimit);
    let r2 = load4(fromB, offset + (x + 2u) * stride + k, k, kLimit, x + 2u < xLimit && k < kLimit);
    let r3 = load4(fromB, offset + (x + 3u) * stride + k, k, kLimit, x + 3u < xLimit && k < kLimit);
    out = array<vec4<f32>, 4>(vec4<f32>(r0.x, r1.x, r2.x, r3.x), vec4<f32>(r0.y, r1.y, r2.y, r3.y), vec4<f32>(r0.z, r1.z, r2.z, r3.z), vec4<f32>(r0.w, r1.w, r2.w, r3.w));
  }
  return out;
}

// Each invocation fills one 4×4 block of each tile: (TILE_K/4)·(TILE/4) = 64 blocks.
fn loadTiles(local: u32, row0: u32, col0: u32, k0: u32) {
  let kb = local / VECS;        // which four k
  let xb = local % VECS;        // which four rows of A / columns of B
  let k = k0 + kb * 4u;
  let p = params;
  let blockA = block4(false, p.aMContiguous != 0u, p.aOffset, p.aStride, row0 + xb * 4u, p.m, k, p.k);
  let blockB = block4(true, p.bNContiguous != 0u, p.bOffset, p.bStride, col0 + xb * 4u, p.n, k, p.k);
  for (var j = 0u; j < 4u; j++) {
    tileA[(kb * 4u + j) * VECS + xb] = blockA[j];
    tileB[(kb * 4u + j) * VECS + xb] = blockB[j];
  }
}

@compute @workgroup_size(SIDE, SIDE)
fn main(
  @builtin(local_invocation_id) lid: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
  @builtin(workgroup_id) group: vec3<u32>,
) {
  let row0 = group.y * TILE;
  let col0 = group.x * TILE;
  // This invocation's block: rows row0 + 8·ty …, columns col0 + 8·tx …; acc[2i + h] holds
  // row i, columns 4h … 4h + 3.
  let ty = lid.y;
  let tx = lid.x;
  var acc: array<vec4<f32>, 16>;
  for (var k0 = 0u; k0 < params.k; k0 += TILE_K) {
    loadTiles(local, row0, col0, k0);
    workgroupBarrier();
    for (var kk = 0u; kk < TILE_K; kk++) {
      let a0 = tileA[kk * VECS + 2u * ty];
      let a1 = tileA[kk * VECS + 2u * ty + 1u];
      let b0 = tileB[kk * VECS + 2u * tx];
      let b1 = tileB[kk * VECS + 2u * tx + 1u];
      acc[0] += a0.x * b0;   acc[1] += a0.x * b1;
      acc[2] += a0.y * b0;   acc[3] += a0.y * b1;
      acc[4] += a0.z * b0;   acc[5] += a0.z * b1;
      acc[6] += a0.w * b0;   acc[7] += a0.w * b1;
      acc[8] += a1.x * b0;   acc[9] += a1.x * b1;
      acc[10] += a1.y * b0;  acc[11] += a1.y * b1;
      acc[12] += a1.z * b0;  acc[13] += a1.z * b1;
      acc[14] += a1.w * b0;  acc[15] += a1.w * b1;
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < BLOCK; i++) {
    let m = row0 + ty * BLOCK + i;
    if (m >= params.m) { break; }
    for (var h = 0u; h < 2u; h++) {
      let n = col0 + tx * BLOCK + h * 4u;
      if (n >= params.n) { break; }
      var v = acc[2u * i + h];
      if (params.epilogue == EPILOGUE_BIAS || params.epilogue == EPILOGUE_BIAS_RELU) {
        v += extra[(params.extraOffset + n) / 4u];
      }
      if (params.epilogue == EPILOGUE_BIAS_RELU) {
        v = max(v, vec4<f32>(0.0));
      }
      if (params.epilogue == EPILOGUE_RELU_MASK) {
        v = select(vec4<f32>(0.0), v, extra[(params.extraOffset + m * params.cStride + n) / 4u] > vec4<f32>(0.0));
      }
      c[(params.cOffset + m * params.cStride + n) / 4u] = select(vec4<f32>(0.0), v, vec4<u32>(n) + LANES < vec4<u32>(params.n));
    }
  }
}
