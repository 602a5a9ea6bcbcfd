/**
 * Solve A x = b in place in b by Gaussian elimination with partial pivoting; A is n x n
 * row-major. `work` (n x n) receives the elimination (pass `a` itself to eliminate in place, or a
 * scratch array to leave `a` untouched). Returns false when a pivot is zero (A singular; b is then
 * not a solution).
 */
export function solveLinear(a: Float64Array, b: Float64Array, n: number, work: Float64Array = a): boolean {
  const m = work;
  if (m !== a) m.set(a.subarray(0, n * n));
  let regular = true;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]) > Math.abs(m[piv * n + col])) piv = r;
    if (!(Math.abs(m[piv * n + col]) > 0)) regular = false;
    if (piv !== col) {
      for (let c = 0; c < n; c++) {
        const t = m[col * n + c];
        m[col * n + c] = m[piv * n + c];
        m[piv * n + c] = t;
      }
      const t = b[col];
      b[col] = b[piv];
      b[piv] = t;
    }
    for (let r = col + 1; r < n; r++) {
      const q = m[r * n + col] / m[col * n + col];
      if (q === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c] -= q * m[col * n + c];
      b[r] -= q * b[col];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let c = r + 1; c < n; c++) s -= m[r * n + c] * b[c];
    b[r] = s / m[r * n + r];
  }
  return regular;
}
