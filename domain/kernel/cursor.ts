/**
 * The opaque cursor of keyset-paged lists: the last item's position `(sort, id)` as base64url JSON.
 * Readers must not rely on its shape; `decodeCursor` answers null for anything that is not one of ours.
 */
export interface Position { sort: number; id: string }

export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.sort, p.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Position | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && Number.isFinite(v[0]) && typeof v[1] === 'string' && v[1].length > 0) return { sort: v[0], id: v[1] };
    return null;
  } catch {
    return null;
  }
}
