/**
 * Search keys (pure). Lists never scan: a searchable document stores its keys in an indexed array field
 * `search`, and a keyword is turned into keys the same way, all of which a match must hold.
 *
 * - Latin letters, digits, `_` and `-` form words, lower-cased (an order number, a tracking number, a
 *   phone tail are one word each).
 * - Chinese (and any other) characters: every single character and every pair of neighbours, so a
 *   keyword of any length matches by its pairs (`曲奇` matches `海盐芝士曲奇`; `芝士曲奇` needs 芝士, 士曲, 曲奇).
 */
const WORD = /[a-z0-9_-]+/g;

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Runs of non-word, non-space characters (CJK text) in `text`. */
function cjkRuns(text: string): string[] {
  return text.replace(WORD, ' ').split(/[\s\p{P}\p{S}]+/u).filter(Boolean);
}

/** Every key a text is found by (deduplicated). */
export function searchKeys(...texts: (string | null | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const raw of texts) {
    if (!raw) continue;
    const text = normalize(raw);
    for (const w of text.match(WORD) ?? []) keys.add(w);
    for (const run of cjkRuns(text)) {
      const chars = [...run];
      chars.forEach((c, i) => {
        keys.add(c);
        if (i + 1 < chars.length) keys.add(c + chars[i + 1]);
      });
    }
  }
  return [...keys];
}

/** The keys a keyword must all match (empty when it has none: nothing to search for). */
export function keywordKeys(keyword: string): string[] {
  const text = normalize(keyword.trim());
  const keys = new Set<string>(text.match(WORD) ?? []);
  for (const run of cjkRuns(text)) {
    const chars = [...run];
    if (chars.length === 1) keys.add(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) keys.add(chars[i] + chars[i + 1]);
  }
  return [...keys];
}

/** The keys of an order: its number, the phone's digits and last four, the buyer's name, the lines' titles. */
export function orderSearchKeys(o: { orderId: string; phone?: string | null; name?: string | null; titles: string[] }): string[] {
  const digits = (o.phone ?? '').replace(/\D/g, '');
  return searchKeys(o.orderId, digits, digits.length >= 4 ? digits.slice(-4) : null, o.name, ...o.titles);
}
