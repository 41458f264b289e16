/** Operator actions of the alliance feature (served by the admin function; operators only). */
import { randomBytes } from 'node:crypto';
import { validVariants } from '../../domain/analytics/experiment';
import { validShares } from '../../domain/alliance/profitshare';
import { loadPartner, partnerStatement, savePartner, verifyPartnerChain } from '../../server/alliance/alliance';
import { db } from '../../server/kernel/db';
import { fail } from '../../server/kernel/errors';
import type { Actions } from '../../server/kernel/router';
import { id, v, ValidationError, type Check } from '../../server/kernel/validate';

type AllianceAdmin = 'addPartner' | 'createExperiment' | 'verifyAllianceChain' | 'allianceStatement' | 'rotatePartnerSecret' | 'setCsKeywords';

const slug = v.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ });

/** A page of the partner mini-program, as `wx.navigateToMiniProgram` takes it: `pages/index/index?from=us`. */
const jumpPath = v.string({ min: 1, max: 128, pattern: /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*(\?[^\s#]*)?$/ });

/** A partner tier → our tier map: 1..20 entries of short strings. */
const tierMapCheck: Check<Record<string, string>> = (value, path) => {
  const map = v.record({ maxKeys: 20 })(value, path);
  const tier = v.string({ max: 32 });
  const out: Record<string, string> = {};
  for (const [k, t] of Object.entries(map)) out[v.string({ max: 32 })(k, `${path}.key`)] = tier(t, `${path}.${k}`);
  if (Object.keys(out).length === 0) throw new ValidationError(path, 'must map at least one tier');
  return out;
};

export const allianceAdmin: Pick<Actions<'admin'>, AllianceAdmin> = {
  addPartner: {
    input: v.object({
      partnerId: slug, name: v.string({ max: 64 }), appId: v.string({ max: 64 }),
      ratio: v.object({ ours: v.int({ min: 1, max: 1e6 }), theirs: v.int({ min: 1, max: 1e6 }) }),
      dailyCapPoints: v.int({ min: 0, max: 1e9 }),
      tierMap: tierMapCheck,
      kind: v.optional(v.literal('partner', 'brandApp')),
      jumpPath: v.optional(jumpPath),
      slogan: v.optional(v.string({ min: 1, max: 64 })),
      welcomeCouponId: v.optional(v.string({ min: 1, max: 64, pattern: /^\S+$/ })),
    }),
    async run(req, ctx) {
      await savePartner(req, ctx.now);
      return {};
    },
  },
  createExperiment: {
    input: v.object({ key: slug, variants: v.array(v.object({ name: v.string({ max: 32 }), weightBps: v.int({ max: 10000 }) }), { min: 1, max: 20 }) }),
    async run(req, ctx) {
      if (!validVariants(req.variants)) throw fail('INVALID_ARGUMENT', 'variant names must be unique and weights must sum to 10000 bps');
      // Replacing the variants of a running experiment would move users between arms: keep the first definition.
      const found = (await db().collection('experiments').doc(req.key).get()).data as { variants: unknown } | null;
      if (found) {
        if (JSON.stringify(found.variants) !== JSON.stringify(req.variants)) throw fail('INVALID_STATE', `experiment ${req.key} exists with other variants`);
        return {};
      }
      await db().collection('experiments').doc(req.key).set({ data: { key: req.key, variants: req.variants, createdAt: ctx.now } });
      return {};
    },
  },
  verifyAllianceChain: {
    input: v.object({ partnerId: id }),
    async run(req) {
      const r = await verifyPartnerChain(req.partnerId);
      return r.ok ? { ok: true, count: r.count, headSeq: r.head.seq } : { ok: false, count: r.count, brokenAtSeq: r.brokenAtSeq, reason: r.reason };
    },
  },
  allianceStatement: {
    input: v.object({ partnerId: id, from: v.time(), to: v.time(), shares: v.optional(v.array(v.object({ party: v.string({ max: 32 }), weightBps: v.int({ max: 10000 }) }), { min: 1, max: 10 })) }),
    async run(req) {
      if (req.to <= req.from) throw fail('INVALID_ARGUMENT', 'to must be after from');
      if (req.shares && !validShares(req.shares)) throw fail('INVALID_ARGUMENT', 'shares must sum to 10000 bps');
      const s = await partnerStatement(req.partnerId, req.from, req.to, req.shares);
      return { partnerId: req.partnerId, from: s.from, to: s.to, transfers: s.transfers, points: s.points, partnerPoints: s.partnerPoints, poolFen: s.poolFen, split: s.split, chainOk: s.chain.ok };
    },
  },
  rotatePartnerSecret: {
    input: v.object({ partnerId: id }),
    async run(req, ctx) {
      await loadPartner(req.partnerId);
      const secret = randomBytes(32).toString('hex');
      await db().collection('partner_secrets').doc(req.partnerId).set({ data: { secret, rotatedAt: ctx.now } });
      return { partnerId: req.partnerId, secret };
    },
  },
  setCsKeywords: {
    input: v.object({ rules: v.array(v.object({ keywords: v.array(v.string({ max: 32 }), { min: 1, max: 20 }), reply: v.string({ max: 600 }) }), { max: 100 }) }),
    async run(req, ctx) {
      await db().collection('settings').doc('csKeywords').set({ data: { rules: req.rules, updatedAt: ctx.now } });
      return {};
    },
  },
};
