/**
 * Alliance (联盟) rules: exchanging our points for a partner brand's points, mapping a partner's member
 * tier to ours, the shared order-status dictionary and dual membership. Pure: days and times come in.
 */
import type { OrderStatus } from '../../typings/api';
import { refuse, success, type Outcome } from '../kernel/outcome';

/** Exchange rate: `ours` of our points buy `theirs` partner points (100 : 1 = 100 points for 1 coffee point). */
export interface Ratio { ours: number; theirs: number }

export interface Partner {
  partnerId: string;
  name: string;
  appId: string;
  ratio: Ratio;
  /** The most of OUR points one user may exchange with this partner per China day. */
  dailyCapPoints: number;
  /** Partner tier name → our tier name. */
  tierMap: Record<string, string>;
  /** Coupons the partner shares with its members when they land here. */
  sharedCouponIds?: string[];
  /**
   * `partner` (another brand, the default) or `brandApp` (this brand's own APP or official-account
   * backend, which may also link its own user ids to our members).
   */
  kind?: PartnerKind;
  /** The page of the partner mini-program our jump opens (≤ 128 chars; its home page when absent). */
  jumpPath?: string;
  /** One line the mini-program shows under the partner's name (≤ 64 chars). */
  slogan?: string;
  /** The partner's coupon for members arriving from us, sent as `extraData.coupon_id` on the jump (≤ 64 chars). */
  welcomeCouponId?: string;
}

export type PartnerKind = 'partner' | 'brandApp';

export interface ExchangeDecision {
  spentPoints: number;
  partnerPoints: number;
  /** What the user has exchanged with this partner today after this exchange (our points). */
  usedToday: number;
}

/** True when `points` is a positive whole multiple of `ratio.ours` (what the request check uses). */
export function isExchangeable(points: number, ratio: Ratio): boolean {
  return Number.isSafeInteger(points) && points > 0 && ratio.ours > 0 && points % ratio.ours === 0;
}

/**
 * Decides one exchange of `points` of ours.
 * - `points` must be a positive multiple of `ratio.ours` (else INVALID_ARGUMENT);
 * - `partnerPoints = points / ratio.ours × ratio.theirs` (exact: no rounding happens);
 * - `usedToday + points` may not exceed `dailyCapPoints` (else LIMIT_EXCEEDED, nothing spent).
 * Whether the user has the points is the ledger's rule (INSUFFICIENT_POINTS), not this one's.
 */
export function decideExchange(partner: Pick<Partner, 'ratio' | 'dailyCapPoints'>, points: number, usedToday: number): Outcome<ExchangeDecision> {
  if (!isExchangeable(points, partner.ratio)) return refuse('INVALID_ARGUMENT', `points must be a positive multiple of ${partner.ratio.ours}`);
  if (usedToday + points > partner.dailyCapPoints) {
    return refuse('LIMIT_EXCEEDED', `daily cap ${partner.dailyCapPoints} points; ${Math.max(0, partner.dailyCapPoints - usedToday)} left today`);
  }
  return success({ spentPoints: points, partnerPoints: (points / partner.ratio.ours) * partner.ratio.theirs, usedToday: usedToday + points });
}

/**
 * Our tier for a partner's tier name, by the partner's tier map. Matching ignores case and surrounding
 * blanks. An unknown partner tier is refused with INVALID_ARGUMENT rather than silently mapped to the
 * base tier: a misspelt tier must surface at integration time, not grant or withhold benefits quietly.
 */
export function mapTier(tierMap: Record<string, string>, partnerTier: string): Outcome<string> {
  const wanted = partnerTier.trim().toLowerCase();
  const hit = Object.keys(tierMap).find((k) => k.trim().toLowerCase() === wanted);
  return hit === undefined ? refuse('INVALID_ARGUMENT', `unknown partner tier ${partnerTier}`) : success(tierMap[hit]);
}

/**
 * The one data dictionary of order statuses shared with partner backends: our status name ↔ the code a
 * partner sees. Codes are stable integers-as-strings (partners store them); never renumber.
 */
export const PARTNER_ORDER_CODES: Readonly<Record<OrderStatus, string>> = {
  pendingPayment: '10',
  paid: '20',
  shipped: '30',
  completed: '40',
  cancelled: '90',
  refunding: '50',
  refunded: '60',
};

export function toPartnerOrderCode(status: OrderStatus): string {
  return PARTNER_ORDER_CODES[status];
}

export function fromPartnerOrderCode(code: string): OrderStatus | null {
  const hit = (Object.keys(PARTNER_ORDER_CODES) as OrderStatus[]).find((s) => PARTNER_ORDER_CODES[s] === code);
  return hit ?? null;
}

export type LinkSource = 'landing' | 'partnerApi';
export interface MemberLink { userId: string; partnerId: string; via: LinkSource; at: number }

/**
 * Dual membership (for joint campaigns): the user is a member of both brands when they are our member
 * and a link to the partner exists (a landing from the partner's app, or the partner's API confirming
 * the member), made at or before `at`.
 */
export function isDualMember(links: readonly MemberLink[], userId: string, partnerId: string, at: number): boolean {
  return links.some((l) => l.userId === userId && l.partnerId === partnerId && l.at <= at);
}

