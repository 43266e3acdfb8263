/**
 * The network's dense layers on the CPU, written from the maths; shaders/digits-matmul.wgsl
 * computes the same products on the GPU. Row-major Float32Arrays, one row per digit; W is
 * outputs × inputs as the engine holds it, and these loops take it transposed (inputs ×
 * outputs, `transposeWeights`), so every inner loop runs along one contiguous row.
 *
 *   forward          z[r, o] = Σ_i x[r, i]·W[o, i] + b[o];  a = max(z, 0) after hidden layers
 *   weight gradient  ∂E/∂W[o, i] = Σ_r δ[r, o]·x[r, i]
 *   input gradient   δ_prev[r, i] = (Σ_o δ[r, o]·W[o, i]) · [x[r, i] > 0]  (x the ReLU's output)
 *   bias step        b[o] ← b[o] − η·Σ_r δ[r, o]
 * where δ = ∂E/∂z. Sums run in f64 and are rounded to f32 once (the GPU adds in f32, in
 * another order: the two agree to f32 summation error). A zero input adds nothing, so it is
 * skipped: most pixels are blank and ReLU zeroes about half the hidden units, which makes
 * these loops several times faster without changing a result. The inner loops are unrolled
 * by four (2× faster in V8 here).
 */

/** acc[at + j] += a·row[from + j] for j < n: the inner loop of the products. */
function addScaled(acc: Float64Array, at: number, a: number, row: Float32Array, from: number, n: number): void {
  const end = n - (n % 4);
  let j = 0;
  for (; j < end; j += 4) {
    acc[at + j] = acc[at + j]! + a * row[from + j]!;
    acc[at + j + 1] = acc[at + j + 1]! + a * row[from + j + 1]!;
    acc[at + j + 2] = acc[at + j + 2]! + a * row[from + j + 2]!;
    acc[at + j + 3] = acc[at + j + 3]! + a * row[from + j + 3]!;
  }
  for (; j < n; j++) acc[at + j] = acc[at + j]! + a * row[from + j]!;
}

/** Σ_j u[i + j]·v[k + j] for j < n, in f64. */
function dot(u: Float32Array, i: number, v: Float32Array, k: number, n: number): number {
  const end = n - (n % 4);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j < end; j += 4) {
    s0 += u[i + j]! * v[k + j]!;
    s1 += u[i + j + 1]! * v[k + j + 1]!;
    s2 += u[i + j + 2]! * v[k + j + 2]!;
    s3 += u[i + j + 3]! * v[k + j + 3]!;
  }
  for (; j < n; j++) s0 += u[i + j]! * v[k + j]!;
  return s0 + s1 + s2 + s3;
}

/** wT[i·outputs + o] = w[o·inputs + i]. */
export function transposeWeights(w: Float32Array, outputs: number, inputs: number, wT: Float32Array): void {
  for (let o = 0; o < outputs; o++) {
    const row = o * inputs;
    for (let i = 0; i < inputs; i++) wT[i * outputs + o] = w[row + i]!;
  }
}

/** z (rows × outputs) from x (rows × inputs); ReLU applied when `relu`. `acc` holds ≥ outputs f64s. */
export function forwardLayer(x: Float32Array, rows: number, inputs: number, wT: Float32Array, outputs: number, bias: Float32Array, relu: boolean, z: Float32Array, acc: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    acc.fill(0, 0, outputs);
    const xr = r * inputs;
    for (let i = 0; i < inputs; i++) {
      const xi = x[xr + i]!;
      if (xi === 0) continue;
      addScaled(acc, 0, xi, wT, i * outputs, outputs);
    }
    const zr = r * outputs;
    for (let o = 0; o < outputs; o++) {
      const v = Math.fround(Math.fround(acc[o]!) + bias[o]!);
      z[zr + o] = relu && v < 0 ? 0 : v;
    }
  }
}

/**
 * gradient (outputs × inputs) = δᵀ·x over `rows` rows, one input i at a time so that its
 * f64 sums (`acc`, ≥ outputs long) stay in cache while the rows go by.
 */
export function weightGradient(delta: Float32Array, x: Float32Array, rows: number, inputs: number, outputs: number, gradient: Float32Array, acc: Float64Array): void {
  for (let i = 0; i < inputs; i++) {
    acc.fill(0, 0, outputs);
    for (let r = 0; r < rows; r++) {
      const xi = x[r * inputs + i]!;
      if (xi !== 0) addScaled(acc, 0, xi, delta, r * outputs, outputs);
    }
    for (let o = 0; o < outputs; o++) gradient[o * inputs + i] = acc[o]!;
  }
}

/** δ_prev (rows × inputs) from δ (rows × outputs) through W, masked where the ReLU output x is 0. */
export function inputGradient(delta: Float32Array, wT: Float32Array, x: Float32Array, rows: number, inputs: number, outputs: number, deltaPrev: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const xr = r * inputs;
    const dr = r * outputs;
    for (let i = 0; i < inputs; i++) {
      if (!(x[xr + i]! > 0)) {
        deltaPrev[xr + i] = 0;
        continue;
      }
      deltaPrev[xr + i] = dot(delta, dr, wT, i * outputs, outputs);
    }
  }
}

/** b ← b − η·Σ_r δ[r, ·], in f32: the sum rounded once, then η·sum and the difference. */
export function biasStep(delta: Float32Array, rows: number, outputs: number, bias: Float32Array, lr: number): void {
  for (let o = 0; o < outputs; o++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += delta[r * outputs + o]!;
    bias[o] = Math.fround(bias[o]! - Math.fround(lr * Math.fround(sum)));
  }
}
