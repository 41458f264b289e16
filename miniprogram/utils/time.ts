/**
 * Instants as a Chinese reader reads them, in China time (UTC+8) whatever the phone's zone. `at` is epoch ms.
 *
 * `formatChinaDateTime(t)` → `"2024-05-01 09:30"`; `formatChinaMonthDay(t)` → `"5月1日 09:30"`.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

export function formatChinaDateTime(at: number): string {
  const iso = new Date(at + CHINA_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

export function formatChinaMonthDay(at: number): string {
  const d = new Date(at + CHINA_OFFSET_MS);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${d.toISOString().slice(11, 16)}`;
}

/** `"2024-05-01"` (a China day) → `"5/1"`, the label under a day's bar. */
export function dayLabel(day: string): string {
  const [, m, d] = day.split('-');
  return `${Number(m)}/${Number(d)}`;
}

/**
 * A China-time `"yyyy-mm-dd hh:mm"` (or `"yyyy-mm-dd"`, taken as 00:00) typed by an operator → epoch ms;
 * null when it is not such a date.
 */
export function parseChinaDateTime(text: string): number | null {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?\s*$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(utc).getUTCDate() !== d) return null; // 02-30 and the like
  return utc - CHINA_OFFSET_MS;
}
