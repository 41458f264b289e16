/**
 * Privacy consent (隐私授权), held once per person for every channel (`consents/{userId}`).
 * Nothing is assumed: a member who never answered has consented to nothing. Every use of personal data
 * asks `mayUse` against the one current record, so a revocation takes effect everywhere at once.
 */

import { refuse, success, type Outcome } from '../kernel/outcome';

/** Channels a marketing message can reach a member through. */
export const MARKETING_CHANNELS = ['miniprogram', 'sms', 'officialAccount', 'app'] as const;
export type MarketingChannel = (typeof MARKETING_CHANNELS)[number];

export interface Consent {
  marketing: Record<MarketingChannel, boolean>;
  location: boolean;
  /** Sharing member data (tier, points) with alliance partner brands. */
  partnerSharing: boolean;
  /**
   * Who gave the current partner-sharing answer: `member` (the mini-program) or `partner:<partnerId>`
   * (through the partner API). Absent when never answered, or on records older than this field.
   */
  partnerSharingBy?: ConsentSource;
  updatedAt: number | null;
}

export type ConsentSource = 'member' | `partner:${string}`;

export interface ConsentChange {
  marketing?: Partial<Record<MarketingChannel, boolean>>;
  location?: boolean;
  partnerSharing?: boolean;
}

export type Purpose = { kind: 'marketing'; channel: MarketingChannel } | { kind: 'location' } | { kind: 'partnerSharing' };

export function noConsent(): Consent {
  return { marketing: { miniprogram: false, sms: false, officialAccount: false, app: false }, location: false, partnerSharing: false, updatedAt: null };
}

/** The record after a member's change at `now` (in the mini-program): only the named answers move. */
export function applyConsentChange(current: Consent, change: ConsentChange, now: number): Consent {
  const by = change.partnerSharing === undefined ? current.partnerSharingBy : 'member';
  return {
    marketing: { ...current.marketing, ...change.marketing },
    location: change.location ?? current.location,
    partnerSharing: change.partnerSharing ?? current.partnerSharing,
    ...(by ? { partnerSharingBy: by } : {}),
    updatedAt: now,
  };
}

/**
 * A partner brand relays a member's partner-sharing answer (CONTRACT §4 Partner API). Refused with
 * FORBIDDEN unless the member is linked to that partner (`linked`), and a refusal the member gave in the
 * mini-program stands: a partner may pass on a new refusal, never switch sharing back on over it (only the
 * member can, in the mini-program). Otherwise the answer is recorded as the partner's, at `now`.
 */
export function applyPartnerConsentChange(current: Consent, partnerId: string, linked: boolean, share: boolean, now: number): Outcome<Consent> {
  if (!linked) return refuse('FORBIDDEN', 'the member is not linked to this partner');
  if (share && current.partnerSharing === false && current.partnerSharingBy === 'member') {
    return refuse('FORBIDDEN', 'the member refused sharing in the mini-program; only the member can change that there');
  }
  return success({ ...current, partnerSharing: share, partnerSharingBy: `partner:${partnerId}`, updatedAt: now });
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
  const partnerSharing = a.partnerSharing && b.partnerSharing;
  // A member's own refusal on either account keeps standing against partners after the merge.
  const refusedBy = [a, b].find((c) => !c.partnerSharing && c.partnerSharingBy)?.partnerSharingBy;
  const memberRefused = [a, b].some((c) => !c.partnerSharing && c.partnerSharingBy === 'member');
  const by = partnerSharing ? a.partnerSharingBy ?? b.partnerSharingBy : memberRefused ? 'member' : refusedBy;
  return { marketing, location: a.location && b.location, partnerSharing, ...(by ? { partnerSharingBy: by } : {}), updatedAt: Math.max(a.updatedAt ?? 0, b.updatedAt ?? 0) || null };
}

/** May the member's data be used for `purpose`? Only with an explicit yes. */
export function mayUse(consent: Consent, purpose: Purpose): boolean {
  if (purpose.kind === 'marketing') return consent.marketing[purpose.channel] === true;
  return consent[purpose.kind] === true;
}
