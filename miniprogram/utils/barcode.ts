/**
 * A Code 128 barcode encoder (ISO/IEC 15417) for the member code. Pure: text in, bars out.
 * All-digit text of even length uses code set C (two digits a symbol, a shorter barcode a cashier's
 * scanner reads faster); anything else uses code set B (printable ASCII 32–126).
 */

/** Bar/space widths in modules, bar first, of symbol values 0–106 (106 = stop with its final bar). */
const PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];
const START_B = 104;
const START_C = 105;
const STOP = 106;
/** Light modules required on each side of the symbol. */
export const QUIET_ZONE = 10;

/** One dark bar: `x` and `width` in modules from the left edge of the quiet zone. */
export interface Bar { x: number; width: number }
export interface Barcode {
  /** Symbol values, start and checksum included, stop excluded. */
  values: number[];
  bars: Bar[];
  /** Total width in modules, quiet zones included. */
  modules: number;
}

/**
 * Encodes `text` as Code 128.
 * @throws RangeError for characters outside printable ASCII.
 */
export function encodeCode128(text: string): Barcode {
  const values = symbolValues(text);
  const checksum = values.reduce((sum, v, i) => sum + v * Math.max(i, 1), 0) % 103;
  const all = [...values, checksum, STOP];
  const bars: Bar[] = [];
  let x = QUIET_ZONE;
  for (const value of all) {
    const widths = PATTERNS[value];
    for (let i = 0; i < widths.length; i += 1) {
      const width = Number(widths[i]);
      if (i % 2 === 0) bars.push({ x, width });
      x += width;
    }
  }
  return { values: [...values, checksum], bars, modules: x + QUIET_ZONE };
}

function symbolValues(text: string): number[] {
  if (text.length >= 2 && text.length % 2 === 0 && /^[0-9]+$/.test(text)) {
    const values = [START_C];
    for (let i = 0; i < text.length; i += 2) values.push(Number(text.slice(i, i + 2)));
    return values;
  }
  const values = [START_B];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch.length !== 1 || code < 32 || code > 126) throw new RangeError(`Code 128 B cannot encode ${JSON.stringify(ch)}`);
    values.push(code - 32);
  }
  return values;
}
