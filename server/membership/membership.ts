/**
 * Server side of membership: who the member really is (merged accounts resolve to their survivor),
 * the tier table, secrets from the function's environment, consent and the personal-data access log.
 */
import { checkTierRules, DEFAULT_TIERS, memberPriceLabel, tierFor, type TierRule } from '../../domain/membership/tier';
import type { MemberBenefits } from '../../domain/store/pricing';
import { applyConsentChange, noConsent, mayUse, type Consent, type ConsentChange, type Purpose } from '../../domain/membership/consent';
import { configured } from '../kernel/config';
import { db, findById, transaction } from '../kernel/db';
import { fail } from '../kernel/errors';
import { followMerges, type User } from './users';

/**
 * Secrets come from the function's environment (set them in the console for each function that needs
 * them). Without one we fall back to a fixed, clearly named development value so the local cloud runs;
 * production MUST set every one of these: the fallbacks are public in this repository.
 */
export const DEV_SECRETS = {
  MEMBER_CODE_SECRET: 'dev-only-member-code-secret-NOT-FOR-PRODUCTION',
  /** 32 bytes, hex. */
  PHONE_KEY: 'de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7d',
  PHONE_HASH_SALT: 'dev-only-phone-hash-salt-NOT-FOR-PRODUCTION',
} as const;

export function secret(name: keyof typeof DEV_SECRETS): string {
  return process.env[name] || DEV_SECRETS[name];
}

/** A member by id, resolved through merges; null when unknown. */
export async function memberById(userId: string): Promise<User | null> {
  const user = await findById<User>('users', userId);
  return user ? followMerges(user) : null;
}

/** The operator's tier table (`settings/tiers` `{rules}`), or the defaults when unset or invalid. */
export function tierRules(): Promise<readonly TierRule[]> {
  return configured('tiers', async () => {
    const doc = await findById<{ rules?: TierRule[] }>('settings', 'tiers');
    if (!doc?.rules) return DEFAULT_TIERS;
    const checked = checkTierRules(doc.rules);
    if (!checked.ok) {
      console.error('[membership] settings/tiers is invalid, using defaults:', checked.reason);
      return DEFAULT_TIERS;
    }
    return checked.value;
  });
}

export async function currentTier(user: Pick<User, 'lifetimeSpendFen'>): Promise<TierRule> {
  return tierFor(user.lifetimeSpendFen ?? 0, await tierRules());
}

/**
 * The benefits pricing applies for a member (by id, resolved through merges), from their current tier in
 * the operator's table; an unknown member (a preview before the first login) gets the first tier's.
 */
export async function memberBenefits(member: string | Pick<User, 'lifetimeSpendFen'>): Promise<MemberBenefits> {
  // A caller that already holds the member (order.create) passes it: no second read of the user.
  const user = typeof member === 'string' ? await memberById(member) : member;
  const tier = await currentTier({ lifetimeSpendFen: user?.lifetimeSpendFen ?? 0 });
  return { label: memberPriceLabel(tier.tier), memberPriceBps: tier.benefits.memberPriceBps, freeShipping: tier.benefits.freeShipping };
}

export async function pointsBalanceOf(userId: string): Promise<number> {
  return (await findById<{ balance: number }>('points_accounts', userId))?.balance ?? 0;
}

/** The member's consent record (`consents/{userId}`); nothing granted when never answered. */
export async function consentOf(userId: string): Promise<Consent> {
  const doc = await findById<Consent>('consents', userId);
  return doc ? { marketing: { ...noConsent().marketing, ...doc.marketing }, location: doc.location, partnerSharing: doc.partnerSharing, updatedAt: doc.updatedAt } : noConsent();
}

/**
 * Applies a consent change for the member, once for every channel: the mini-program's settings page and
 * partner or APP backends (through the partner API) write the same record, so a revocation holds everywhere.
 */
export async function changeConsent(userId: string, change: ConsentChange, now: number): Promise<Consent> {
  return transaction(async (tx) => {
    const doc = tx.collection('consents').doc<Consent>(userId);
    const current = (await doc.get()) ?? noConsent();
    const updated = applyConsentChange({ ...noConsent(), ...current }, change, now);
    await doc.set(updated);
    return updated;
  });
}

export interface DataAccess {
  /** Whose data. */
  userId: string;
  /** Who used it: `user:<id>`, `staff:<openid>`, `partner:<id>`, `system:<job>`. */
  actor: string;
  /** What was used: `phone`, `profile`, `tier`... */
  data: string;
  /** Why: `bindPhone`, `partnerExchange`, `delivery`... */
  purpose: string;
  at: number;
}

/** Appends to `data_access_log`. Every use of personal data goes through here. */
export async function logDataAccess(entry: DataAccess): Promise<void> {
  await db().collection('data_access_log').add({ data: { ...entry } });
}

/**
 * For other features (alliance, messaging): refuses with FORBIDDEN unless the member consented to
 * `purpose`, and logs the use. Reads the one consent record, so a revocation applies everywhere.
 */
export async function usePersonalData(userId: string, purpose: Purpose, use: Omit<DataAccess, 'userId' | 'purpose'> & { purpose?: string }): Promise<void> {
  if (!mayUse(await consentOf(userId), purpose)) throw fail('FORBIDDEN', `the member has not consented to ${purpose.kind}`);
  await logDataAccess({ userId, actor: use.actor, data: use.data, purpose: use.purpose ?? purpose.kind, at: use.at });
}

