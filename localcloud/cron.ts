/**
 * WeChat cloud timer triggers use a 7-field cron: second minute hour day-of-month month day-of-week year.
 * `cronMatches` tells whether a trigger is due at a given second (local time of the settable clock).
 * Supports `*`, numbers, ranges `a-b`, lists `a,b` and steps `* /n` or `a-b/n` in every field.
 */
function fieldMatches(field: string, value: number, min: number): boolean {
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = min;
      hi = Number.MAX_SAFE_INTEGER;
    } else if (range.includes('-')) {
      [lo, hi] = range.split('-').map(Number);
    } else {
      lo = Number(range);
      hi = stepText ? Number.MAX_SAFE_INTEGER : lo;
    }
    return value >= lo && value <= hi && (value - lo) % step === 0;
  });
}

export function cronMatches(expr: string, t: number): boolean {
  const f = expr.trim().split(/\s+/);
  if (f.length < 6) return false;
  const d = new Date(t);
  const values = [d.getSeconds(), d.getMinutes(), d.getHours(), d.getDate(), d.getMonth() + 1, d.getDay(), d.getFullYear()];
  const mins = [0, 0, 0, 1, 1, 0, 1970];
  return values.every((v, i) => f[i] === undefined || fieldMatches(f[i], v, mins[i]));
}
