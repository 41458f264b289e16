/**
 * Privacy consent (隐私授权), held once per person for every channel (`consents/{userId}`).
 * Nothing is assumed: a member who never answered has consented to nothing. Every use of personal data
 * asks `mayUse` against the one current record, so a revocation takes effect everywhere at once.
 */

/** Channels a marketing message can reach a member through. */
export const MARKETING_CHANNELS = ['miniprogram', 'sms', 'officialAccount', 'app'] as const;
export type MarketingChannel = (typeof MARKETING_CHANNELS)[number];

export interface Consent {
  marketing: Record<MarketingChannel, boolean>;
  location: boolean;
  /** Sharing member data (tier, points) with alliance partner brands. */
  partnerSharing: boolean;
  updatedAt: number | null;
}

export interface ConsentChange {
  marketing?: Partial<Record<MarketingChannel, boolean>>;
  location?: boolean;
  partnerSharing?: boolean;
}

export type Purpose = { kind: 'marketing'; channel: MarketingChannel } | { kind: 'location' } | { kind: 'partnerSharing' };

export function noConsent(): Consent {
  return { marketing: { miniprogram: false, sms: false, officialAccount: false, app: false }, location: false, partnerSharing: false, updatedAt: null };
}

/** The record after a member's change at `now`: only the named answers move. */
export function applyConsentChange(current: Consent, change: ConsentChange, now: number): Consent {
  return {
    marketing: { ...current.marketing, ...change.marketing },
    location: change.location ?? current.location,
    partnerSharing: change.partnerSharing ?? current.partnerSharing,
    updatedAt: now,
  };
}

/**
 * Two accounts found to be one person. An account that never answered contributes nothing; when both
 * answered, the merged record keeps a permission only if both granted it (a revocation on either account
 * must not be undone by the merge). Null when neither answered.
 */
export function mergeConsents(a: Consent | null, b: Consent | null): Consent | null {
  if (!a || !b) return a ?? b;
  const marketing = { ...a.marketing };
  for (const ch of MARKETING_CHANNELS) marketing[ch] = a.marketing[ch] && b.marketing[ch];
  return { marketing, location: a.location && b.location, partnerSharing: a.partnerSharing && b.partnerSharing, updatedAt: Math.max(a.updatedAt ?? 0, b.updatedAt ?? 0) || null };
}

/** May the member's data be used for `purpose`? Only with an explicit yes. */
export function mayUse(consent: Consent, purpose: Purpose): boolean {
  if (purpose.kind === 'marketing') return consent.marketing[purpose.channel] === true;
  return consent[purpose.kind] === true;
}
