import fc from 'fast-check';
import { appendEntry, canonical, emptyHead, verifyChain, GENESIS_HASH, type Chained, type ChainHead } from '../../domain/alliance/hashchain';

const aTransfer = (over: Partial<Record<string, unknown>> = {}) => ({ transferId: 'x1', partnerId: 'coffee', userId: 'u_1', points: 100, partnerPoints: 1, day: '2024-05-01', at: 1714521600000, ...over });

function chainOf(n: number): { entries: Chained<Record<string, unknown>>[]; head: ChainHead } {
  let head = emptyHead();
  const entries: Chained<Record<string, unknown>>[] = [];
  for (let i = 0; i < n; i++) {
    const r = appendEntry(head, aTransfer({ transferId: `x${i}`, points: 100 * (i + 1) }));
    entries.push(r.entry);
    head = r.head;
  }
  return { entries, head };
}

describe('canonical encoding', () => {
  it('does not depend on key order, at any depth', () => {
    expect(canonical({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' } })).toBe(canonical({ a: { c: 'z', d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });
  it('tells different values apart', () => {
    expect(canonical({ a: '1' })).not.toBe(canonical({ a: 1 }));
  });
});

describe('a hash chain', () => {
  it('starts at seq 1 after the genesis hash and links each entry to the previous', () => {
    const { entries, head } = chainOf(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0].prevHash).toBe(GENESIS_HASH);
    expect(entries[1].prevHash).toBe(entries[0].hash);
    expect(head).toEqual({ seq: 3, hash: entries[2].hash });
  });

  it('verifies when intact, in any order it is read', () => {
    const { entries, head } = chainOf(5);
    expect(verifyChain([...entries].reverse(), head)).toEqual({ ok: true, count: 5, head });
  });

  it('reports the first edited entry', () => {
    const { entries, head } = chainOf(5);
    entries[2] = { ...entries[2], fields: { ...entries[2].fields, points: 999999 } };
    expect(verifyChain(entries, head)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'hash' });
  });

  it('reports a re-hashed edit at the next entry (the link breaks)', () => {
    const { entries, head } = chainOf(5);
    const forged = appendEntry({ seq: 1, hash: entries[0].hash }, { ...entries[1].fields, points: 1 }).entry;
    entries[1] = forged;
    expect(verifyChain(entries, head)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'link' });
  });

  it('reports a removed entry as a gap', () => {
    const { entries, head } = chainOf(5);
    expect(verifyChain(entries.filter((e) => e.seq !== 4), head)).toMatchObject({ ok: false, brokenAtSeq: 4, reason: 'gap' });
  });

  it('reports a truncated tail against the stored head', () => {
    const { entries, head } = chainOf(5);
    expect(verifyChain(entries.slice(0, 3), head)).toMatchObject({ ok: false, brokenAtSeq: 4, reason: 'head' });
  });

  it('finds any single-field edit anywhere (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(), fc.integer({ min: 1, max: 1e6 }), (n, pick, value) => {
      const { entries, head } = chainOf(n);
      const i = pick % n;
      if (entries[i].fields.points === value) return;
      entries[i] = { ...entries[i], fields: { ...entries[i].fields, points: value } };
      const r = verifyChain(entries, head);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.brokenAtSeq).toBe(i + 1);
    }));
  });
});
