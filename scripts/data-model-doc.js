#!/usr/bin/env node
/** Writes docs/data-model.md from database.json, so the doc and the schema cannot drift apart. */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

/** The page's text for the schema in database.json. */
function render() {
const schema = JSON.parse(readFileSync(join(root, 'database.json'), 'utf8'));
const lines = [
  '# Data model',
  '',
  'Generated from `database.json` by `node scripts/data-model-doc.js`; edit the schema, not this page.',
  'Every collection is server-only (security rule `{"read": false, "write": false}`): the mini-program',
  'reaches data only through cloud functions. Money is integer fen, times epoch ms.',
  '',
  '| collection | what it holds | indexes (unique marked ★) |',
  '| --- | --- | --- |',
];
for (const [name, c] of Object.entries(schema.collections)) {
  const idx = (c.indexes || []).map((i) => `${i.unique ? '★ ' : ''}${Object.entries(i.keys).map(([k, d]) => `${k}${d === -1 ? '↓' : ''}`).join(' + ')}`).join('; ');
  lines.push(`| \`${name}\` | ${(c.description || '').replace(/\|/g, '\\|')} | ${idx || '—'} |`);
}
lines.push('', '## Ledgers', '', '- **Points**: `points_entries` is append-only, one entry per business event (`key`, unique), `delta` is what really moved; `points_accounts/{userId}` caches `balance`, the open `lots` (earliest expiry first) and `debt`, written in the same transaction as the entry, with `rev` bumped on every write. A redemption debits the account outside a transaction (compare-and-set on `rev`, marked `holds.<tag>` = the takes) and writes its entry once the right is issued; the points `sweepRedemptions` timer settles what a dead call left. Invariant (accounts without markers): balance = Σ lots.remaining = Σ entries.delta.', '- **Commission**: `commissions` is append-only, keyed `order:<id>:l1|l2` and their reversals; `commission_accounts` caches pending, settled, reversed and withdrawable per user.', '- **Alliance**: `alliance_transfers` is a per-partner hash chain (`seq`, `prevHash`, `hash`); the head lives on the partner document so appends serialize.', '', '## Holds', '', '`holds/{id}` is written before a placement or coupon claim takes anything: `kind` (`order` | `couponClaim`), `units` (each `{coll, docId, field, delta}`, or `{coll: \'user_coupons\', couponId}`), a per-attempt `tag`, `ownerId` (the order, or the user coupon `user_coupons/{id}`), the request fingerprints `fp`, `createdAt`, and `releasing` once the sweep gives it up. Each taken document carries `holds.<tag>` (the delta) until the hold is settled. A placement\'s hold id is a hash of (scope, userId, idempotencyKey), so it is also the key\'s claim. Invariant after the `order` function\'s `sweepHolds` timer: every unit is in its pool or owned by a live order or claimed coupon, and no hold older than the sweep age remains. See docs/architecture.md, "Holds and the sweep".', '');
return lines.join('\n');
}

module.exports = { render };
if (require.main === module) {
  writeFileSync(join(root, 'docs', 'data-model.md'), render());
  console.log('docs/data-model.md written from database.json');
}
