/**
 * Linear SVMs with the squared hinge loss as scikit-learn's LinearSVC(dual=False) defines them through liblinear:
 * the intercept is the weight of a constant feature 1 (intercept_scaling = 1) and is penalised like the others, and
 * class_weight 'balanced' multiplies C by n / (2 n_class) for each sample.
 *   L1: min ||w||_1 + Σ C_i max(0, 1 - y_i w·x_i)²           (liblinear L1R_L2LOSS_SVC)
 *   L2: min ½||w||² + Σ C_i max(0, 1 - y_i w·x_i)²           (liblinear L2R_L2LOSS_SVC)
 * Both are solved to high accuracy (liblinear stops at a relative tolerance of 1e-4), so the selections made from
 * them agree with scikit-learn's unless two coefficients are within that tolerance of each other.
 */
export interface LinearSvm {
  coef: Float64Array;
  intercept: number;
}

interface Problem {
  /** Column j holds y_i x_ij; the last column is y_i (the intercept's constant feature). */
  columns: Float64Array[];
  cost: Float64Array;
  n: number;
}

function problemOf(x: ArrayLike<number>[], labels: ArrayLike<number>, c: number): Problem {
  const n = x.length;
  if (n === 0) throw new Error('SVM: no samples');
  const p = x[0].length;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`SVM: label ${labels[i]} at row ${i} is not 0 or 1`);
    positives += labels[i];
  }
  if (positives === 0 || positives === n) throw new Error('SVM: both classes are needed');
  const weightOf = (label: number) => n / (2 * (label === 1 ? positives : n - positives));
  const sign = Float64Array.from({ length: n }, (_, i) => (labels[i] === 1 ? 1 : -1));
  const columns = Array.from({ length: p + 1 }, (_, j) =>
    Float64Array.from({ length: n }, (_, i) => {
      const v = j === p ? 1 : x[i][j];
      if (!Number.isFinite(v)) throw new Error(`SVM: value at row ${i}, column ${j} is ${v}`);
      return sign[i] * v;
    }),
  );
  return { columns, cost: Float64Array.from({ length: n }, (_, i) => c * weightOf(labels[i])), n };
}

function result(w: Float64Array): LinearSvm {
  return { coef: w.slice(0, w.length - 1), intercept: w[w.length - 1] };
}

/** g(t) = d/dt Σ C_i max(0, b_i - a_i t)² and its slope, for one coordinate with column a. */
function lossDerivative(a: Float64Array, b: Float64Array, cost: Float64Array, t: number): { g: number; h: number } {
  let g = 0;
  let h = 0;
  for (let i = 0; i < a.length; i++) {
    const r = b[i] - a[i] * t;
    if (r > 0) {
      g -= 2 * cost[i] * a[i] * r;
      h += 2 * cost[i] * a[i] * a[i];
    }
  }
  return { g, h };
}

/** Solves g(t) = target for t on the side of `from` where g(from) < target (g is continuous and nondecreasing). */
function solveIncreasing(a: Float64Array, b: Float64Array, cost: Float64Array, from: number, target: number, direction: 1 | -1): number {
  // substitute t = from + direction * s, s >= 0; φ(s) = direction * (g - target) increases from φ(0) < 0
  const phi = (s: number) => {
    const { g, h } = lossDerivative(a, b, cost, from + direction * s);
    return { value: direction * (g - target), slope: h };
  };
  let lo = 0;
  let hi = 1;
  while (phi(hi).value < 0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) throw new Error('SVM coordinate step diverged');
  }
  let s = lo;
  for (let iteration = 0; iteration < 200; iteration++) {
    const { value, slope } = phi(s);
    if (value === 0) break;
    if (value < 0) lo = s;
    else hi = s;
    let next = slope > 0 ? s - value / slope : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (next === s || hi - lo <= 1e-16 * Math.max(1, hi)) break;
    s = next;
  }
  return from + direction * s;
}

/** L1-penalised squared-hinge SVM by cyclic coordinate descent with exact one-dimensional minimisation. */
export function l1SquaredHingeSvm(x: ArrayLike<number>[], labels: ArrayLike<number>, c: number, tolerance = 1e-10, maxSweeps = 100000): LinearSvm {
  const { columns, cost, n } = problemOf(x, labels, c);
  const p = columns.length;
  const w = new Float64Array(p);
  const b = new Float64Array(n).fill(1);
  const violation = (j: number, g: number) => (w[j] > 0 ? Math.abs(g + 1) : w[j] < 0 ? Math.abs(g - 1) : Math.max(0, Math.abs(g) - 1));
  const update = (j: number): number => {
    const a = columns[j];
    const { g } = lossDerivative(a, b, cost, 0);
    const v = violation(j, g);
    if (v === 0) return 0;
    const atZero = lossDerivative(a, b, cost, -w[j]).g;
    let t: number;
    if (Math.abs(atZero) <= 1) t = -w[j];
    else if (atZero < -1) t = solveIncreasing(a, b, cost, -w[j], -1, 1);
    else t = solveIncreasing(a, b, cost, -w[j], 1, -1);
    if (t !== 0) {
      for (let i = 0; i < n; i++) b[i] -= a[i] * t;
      w[j] += t;
    }
    return v;
  };
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let worst = 0;
    for (let j = 0; j < p; j++) worst = Math.max(worst, update(j));
    if (worst < tolerance) return result(w);
    // converge on the current support before the next full sweep
    for (let inner = 0; inner < maxSweeps; inner++) {
      let worstActive = 0;
      for (let j = 0; j < p; j++) if (w[j] !== 0) worstActive = Math.max(worstActive, update(j));
      if (worstActive < tolerance) break;
    }
  }
  throw new Error(`L1 SVM did not converge to ${tolerance} in ${maxSweeps} sweeps`);
}

/** Cholesky solve of the symmetric positive definite system H d = r (H is overwritten). */
function solveSpd(h: Float64Array[], r: Float64Array): Float64Array {
  const p = r.length;
  for (let j = 0; j < p; j++) {
    let d = h[j][j];
    for (let k = 0; k < j; k++) d -= h[j][k] * h[j][k];
    if (!(d > 0)) throw new Error('L2 SVM: Hessian is not positive definite');
    h[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < p; i++) {
      let s = h[i][j];
      for (let k = 0; k < j; k++) s -= h[i][k] * h[j][k];
      h[i][j] = s / h[j][j];
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = r[i];
    for (let k = 0; k < i; k++) s -= h[i][k] * z[k];
    z[i] = s / h[i][i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= h[k][i] * z[k];
    z[i] = s / h[i][i];
  }
  return z;
}

/** L2-penalised squared-hinge SVM by generalised Newton steps with backtracking (the objective is piecewise quadratic). */
export function l2SquaredHingeSvm(x: ArrayLike<number>[], labels: ArrayLike<number>, c: number, tolerance = 1e-12, maxIterations = 200): LinearSvm {
  const { columns, cost, n } = problemOf(x, labels, c);
  const p = columns.length;
  const w = new Float64Array(p);
  const margins = (v: Float64Array) => {
    const r = new Float64Array(n).fill(1);
    for (let j = 0; j < p; j++) if (v[j] !== 0) for (let i = 0; i < n; i++) r[i] -= columns[j][i] * v[j];
    return r;
  };
  const objective = (v: Float64Array, r: Float64Array) => {
    let f = 0;
    for (let j = 0; j < p; j++) f += 0.5 * v[j] * v[j];
    for (let i = 0; i < n; i++) if (r[i] > 0) f += cost[i] * r[i] * r[i];
    return f;
  };
  let r = margins(w);
  let f = objective(w, r);
  let initialNorm = 0;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const g = Float64Array.from(w);
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) if (r[i] > 0) g[j] -= 2 * cost[i] * r[i] * columns[j][i];
    const norm = Math.sqrt(g.reduce((s, v) => s + v * v, 0));
    if (iteration === 0) initialNorm = norm;
    if (norm <= tolerance * Math.max(1, initialNorm)) return result(w);
    const h = Array.from({ length: p }, (_, j) => {
      const row = new Float64Array(p);
      row[j] = 1;
      return row;
    });
    for (let i = 0; i < n; i++) {
      if (r[i] <= 0) continue;
      const weight = 2 * cost[i];
      for (let j = 0; j < p; j++) {
        const aj = weight * columns[j][i];
        if (aj === 0) continue;
        for (let k = 0; k <= j; k++) h[j][k] += aj * columns[k][i];
      }
    }
    const d = solveSpd(h, g.map((v) => -v));
    const slope = d.reduce((s, v, j) => s + v * g[j], 0);
    let step = 1;
    for (;;) {
      const trial = w.map((v, j) => v + step * d[j]);
      const trialMargins = margins(trial);
      const trialF = objective(trial, trialMargins);
      if (trialF <= f + 1e-4 * step * slope || step < 1e-12) {
        w.set(trial);
        r = trialMargins;
        f = trialF;
        break;
      }
      step /= 2;
    }
  }
  throw new Error(`L2 SVM did not converge in ${maxIterations} Newton iterations`);
}
