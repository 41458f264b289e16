/**
 * Money reaches the view here and only here: amounts are integer fen everywhere else.
 *
 * `formatFen(1990)` → `"19.90"`; `formatFen(-50)` → `"-0.50"`. Exact: no floating point is involved.
 */
export function formatFen(fen: number): string {
  if (!Number.isInteger(fen)) throw new RangeError(`formatFen expects integer fen, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}
