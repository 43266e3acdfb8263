// PCG output permutation on a counter (Jarzynski & Olano, JCGT 2020); the same function as
// pcgHash in src/engine/hash.ts. A library, not a kernel: shaders.ts appends it to the
// kernels that draw random numbers (appended, so their own line numbers stay right in a
// compilation error).
fn pcg_hash(input: u32) -> u32 {
  let state = input * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}
