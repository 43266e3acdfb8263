// The loss of each digit's outputs z (the last layer's, rows × stride, 10 used), its gradient
// δ = ∂E/∂z, and the sums of the loss and of the correct answers, added into one slot of
// `scores` (slot 0: the training steps since the last read; slot 1: a whole-set evaluation).
//   mse   loss = Σ_k (z_k − t_k)²                      δ_k = scale·(z_k − t_k)
//   xent  loss = log Σ_k exp(z_k − max z) − (z_y − max z)   δ_k = scale·(softmax(z)_k − t_k)
// t the one-hot target of label y, scale = f32(2/m) (mse) or f32(1/m) (xent) from the host;
// correct when the first largest z_k is at y. One workgroup: each invocation takes rows in
// turn, then a tree sum in workgroup memory and one add into the slot (no other workgroup
// writes it, so no atomics). Columns 10 and 11 of δ (padding) are written as 0.
// Mirrors src/problems/digits/loss.ts.
//
// Bindings (group 0):
//   0 uniform      LossUniforms
//   1 storage r    logits  array<f32>     (rows × stride)
//   2 storage r    digits  array<u32>     (the digits of the rows, from `first`)
//   3 storage r    labels  array<u32>     (every digit's label)
//   4 storage rw   delta   array<f32>     (rows × stride)
//   5 storage rw   scores  array<Score, 2>

// 0 mse, 1 xent (LOSS_CODE in src/problems/digits/gpu/uniforms.ts).
override LOSS: u32 = 0u;
const LOSS_XENT = 1u;
const CLASSES = 10u;
const WORKGROUP_SIZE = 256u;

struct LossUniforms {
  first: u32,
  rows: u32,
  stride: u32,
  scale: f32,
  slot: u32,
}

struct Score {
  loss: f32,
  correct: u32,
}

@group(0) @binding(0) var<uniform> params: LossUniforms;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> digits: array<u32>;
@group(0) @binding(3) var<storage, read> labels: array<u32>;
@group(0) @binding(4) var<storage, read_write> delta: array<f32>;
@group(0) @binding(5) var<storage, read_write> scores: array<Score, 2>;

var<workgroup> lossSums: array<f32, WORKGROUP_SIZE>;
var<workgroup> correctSums: array<u32, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) local: u32) {
  var lossSum = 0.0;
  var correct = 0u;
  for (var r = local; r < params.rows; r += WORKGROUP_SIZE) {
    let at = r * params.stride;
    let label = labels[digits[params.first + r]];
    var best = 0u;
    for (var k = 1u; k < CLASSES; k++) {
      if (logits[at + k] > logits[at + best]) { best = k; }
    }
    if (best == label) { correct += 1u; }
    if (LOSS == LOSS_XENT) {
      let top = logits[at + best];
      var sum = 0.0;
      for (var k = 0u; k < CLASSES; k++) { sum += exp(logits[at + k] - top); }
      for (var k = 0u; k < CLASSES; k++) {
        let onehot = select(0.0, 1.0, k == label);
        delta[at + k] = params.scale * (exp(logits[at + k] - top) / sum - onehot);
      }
      lossSum += log(sum) - (logits[at + label] - top);
    } else {
      for (var k = 0u; k < CLASSES; k++) {
        let diff = logits[at + k] - select(0.0, 1.0, k == label);
        lossSum += diff * diff;
        delta[at + k] = params.scale * diff;
      }
    }
    for (var k = CLASSES; k < params.stride; k++) { delta[at + k] = 0.0; }
  }
  lossSums[local] = lossSum;
  correctSums[local] = correct;
  for (var half = WORKGROUP_SIZE / 2u; half > 0u; half /= 2u) {
    workgroupBarrier();
    if (local < half) {
      lossSums[local] += lossSums[local + half];
      correctSums[local] += correctSums[local + half];
    }
  }
  if (local == 0u) {
    scores[params.slot].loss += lossSums[0];
    scores[params.slot].correct += correctSums[0];
  }
}
