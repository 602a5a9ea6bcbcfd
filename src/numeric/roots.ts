/**
 * Root of f between `lo` and `hi` by regula falsi with the Illinois modification (the retained
 * end's value is halved when the same side moves twice), f(lo) > 0 > f(hi) given as `fLo`, `fHi`.
 * Stops after `maxIter` steps, when the bracket is narrower than `xTol`, or when |f| < `fTol`;
 * returns the last estimate (the midpoint if no step was taken).
 */
export function illinois(f: (x: number) => number, lo: number, hi: number, fLo: number, fHi: number, o: { xTol?: number; fTol?: number; maxIter?: number }): number {
  const xTol = o.xTol ?? 0;
  const fTol = o.fTol ?? 0;
  let x = 0.5 * (lo + hi);
  let side = 0;
  for (let it = 0; it < (o.maxIter ?? 60) && hi - lo > xTol; it++) {
    x = (lo * fHi - hi * fLo) / (fHi - fLo);
    const fx = f(x);
    if (Math.abs(fx) < fTol) break;
    if (fx > 0) {
      lo = x;
      fLo = fx;
      if (side === 1) fHi /= 2;
      side = 1;
    } else {
      hi = x;
      fHi = fx;
      if (side === -1) fLo /= 2;
      side = -1;
    }
  }
  return x;
}
