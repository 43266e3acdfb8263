/**
 * An independent Lasso solver for tests: scikit-learn's objective (1/2n)‖y − Xw‖² + alpha‖w‖₁
 * minimised by cyclic coordinate descent in f64, over a dense matrix given row by row. Written
 * from the coordinate-wise optimality condition (soft-thresholding of each coordinate's
 * correlation with the partial residual), not from the engine's ISTA, so the two can disagree.
 * The engine's λ1 is 2·alpha (its loss is (1/n)‖Xw − y‖², without the ½).
 */
export function lassoCoordinateDescent(rows: readonly ArrayLike<number>[], y: ArrayLike<number>, alpha: number, sweeps = 500): Float64Array {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const w = new Float64Array(d);
  const residual = Float64Array.from(y);
  const squares = Float64Array.from({ length: d }, (_, j) => rows.reduce((s, row) => s + row[j]! ** 2, 0) / n);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let j = 0; j < d; j++) {
      let rho = 0;
      for (let i = 0; i < n; i++) rho += rows[i]![j]! * (residual[i]! + rows[i]![j]! * w[j]!);
      rho /= n;
      const next = (Math.sign(rho) * Math.max(Math.abs(rho) - alpha, 0)) / squares[j]!;
      for (let i = 0; i < n; i++) residual[i]! -= rows[i]![j]! * (next - w[j]!);
      w[j] = next;
    }
  }
  return w;
}

/** The engine's objective (1/n)‖Xw − y‖² + λ1‖w‖₁, in f64. */
export function lassoObjective(rows: readonly ArrayLike<number>[], y: ArrayLike<number>, w: ArrayLike<number>, l1: number): number {
  let squares = 0;
  rows.forEach((row, i) => {
    let prediction = 0;
    for (let j = 0; j < w.length; j++) prediction += row[j]! * w[j]!;
    squares += (prediction - y[i]!) ** 2;
  });
  let norm = 0;
  for (let j = 0; j < w.length; j++) norm += Math.abs(w[j]!);
  return squares / rows.length + l1 * norm;
}
