// The input rows of a set of digits: input[r, i] = f32(p)·f32(1/255) for pixel byte p = i of
// digit digits[first + r], r < rows. The pixels stay on the device as bytes, four to a u32
// (little-endian: pixel 4w + j is byte j of word w), and one invocation turns a word into a
// vec4 of inputs (grid-stride). One f32 multiply, so the CPU's inputValue gives the same bits.
// Mirrors inputValue in src/problems/digits/dataset.ts.
//
// Bindings (group 0):
//   0 uniform      GatherUniforms
//   1 storage r    digits  array<u32>         (indices of digits: a minibatch or a whole set)
//   2 storage r    pixels  array<u32>         (196 words per digit)
//   3 storage rw   input   array<vec4<f32>>   (196 vec4s per row)

const WORKGROUP_SIZE = 256u;
const WORDS_PER_DIGIT = 196u;
// f32(1/255), as bits so that no compiler rounds a decimal literal its own way.
const INPUT_SCALE = bitcast<f32>(0x3b808081u);

struct GatherUniforms {
  first: u32,   // position in `digits` of row 0
  rows: u32,
}

@group(0) @binding(0) var<uniform> params: GatherUniforms;
@group(0) @binding(1) var<storage, read> digits: array<u32>;
@group(0) @binding(2) var<storage, read> pixels: array<u32>;
@group(0) @binding(3) var<storage, read_write> input: array<vec4<f32>>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(local_invocation_index) local: u32,
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let threadCount = groups.x * WORKGROUP_SIZE;
  let words = params.rows * WORDS_PER_DIGIT;
  for (var v = group.x * WORKGROUP_SIZE + local; v < words; v += threadCount) {
    let row = v / WORDS_PER_DIGIT;
    let word = pixels[digits[params.first + row] * WORDS_PER_DIGIT + v % WORDS_PER_DIGIT];
    let bytes = (vec4<u32>(word) >> vec4<u32>(0u, 8u, 16u, 24u)) & vec4<u32>(0xffu);
    input[v] = vec4<f32>(bytes) * INPUT_SCALE;
  }
}
