/** Runs the risk rules (domain/store/risk.ts) for an order about to be created and records the decision. */
import { assessRisk, DEFAULT_RISK_RULES, ORDER_VELOCITY_WINDOW_MS, type RiskDecision, type RiskRule } from '../../domain/store/risk';
import { configured } from '../kernel/config';
import { command, db, findById } from '../kernel/db';
import { fail } from '../kernel/errors';

/**
 * The rules in force: the operator's set (`settings/riskRules`, written by admin.setRiskRules) when there
 * is one; else rules written straight into `risk_rules` (before the admin action existed); else the defaults.
 */
export function riskRules(): Promise<readonly RiskRule[]> {
  return configured('riskRules', async () => {
    const [set, legacy] = await Promise.all([findById<{ rules: RiskRule[] }>('settings', 'riskRules'), db().collection('risk_rules').limit(100).get()]);
    if (set) return set.rules;
    return legacy.data.length ? (legacy.data as RiskRule[]) : DEFAULT_RISK_RULES;
  });
}

export interface RiskInput {
  userId: string;
  orderId: string;
  payableFen: number;
  region: string | null;
  now: number;
  /** The member when the caller already read it (else it is read here). */
  member?: { createdAt: number; region?: string | null };
}

/** What the rules look at that is read: the rules in force, the member, their orders in the velocity window. */
export interface RiskReads { rules: readonly RiskRule[]; member: { createdAt: number; region?: string | null } | null; recentOrders: number }

/** How many orders the member placed in the velocity window (one indexed count). */
export async function countRecentOrders(userId: string, now: number): Promise<number> {
  const res = await db().collection('orders').where({ userId, createdAt: command().gt(now - ORDER_VELOCITY_WINDOW_MS) }).count();
  return (res as { total: number }).total;
}

/**
 * Reads what `decideOrderRisk` needs, together (send it alongside the quote's reads: it needs no price).
 * `recentOrders`: the count, when the caller started it earlier (it needs only the member's id).
 */
export async function readRiskFacts(userId: string, now: number, member?: RiskInput['member'] | Promise<RiskInput['member']>, recentOrders?: Promise<number>): Promise<RiskReads> {
  const [rules, user, recent] = await Promise.all([
    riskRules(),
    Promise.resolve(member).then((m) => m ?? findById<{ createdAt: number; region?: string | null }>('users', userId)),
    recentOrders ?? countRecentOrders(userId, now),
  ]);
  return { rules, member: user, recentOrders: recent };
}

/**
 * Decides from what was read. Every decision is recorded in `risk_decisions` (with its reasons): a block by
 * `refuseBlocked`, any other in the order's own transaction (`riskDecisionRecord`), so an order and its
 * decision are written together.
 */
export function assessOrderRisk(input: RiskInput, reads: RiskReads): RiskDecision {
  return assessRisk(reads.rules, {
    now: input.now, userCreatedAt: reads.member?.createdAt ?? input.now, payableFen: input.payableFen,
    requestRegion: input.region, userRegion: reads.member?.region ?? null,
    recentOrders: reads.recentOrders, ordersWindowMs: ORDER_VELOCITY_WINDOW_MS,
  });
}

/** Records a block and refuses with RISK_BLOCKED. */
export async function refuseBlocked(input: RiskInput, decision: RiskDecision): Promise<never> {
  await db().collection('risk_decisions').add({ data: riskDecisionRecord(input, decision) });
  throw fail('RISK_BLOCKED', decision.reasons.filter((r) => r.action === 'block').map((r) => r.detail).join('; '));
}

/** The `risk_decisions` document of a decision. */
export function riskDecisionRecord(input: Pick<RiskInput, 'userId' | 'orderId' | 'now'>, decision: RiskDecision): Record<string, unknown> {
  return { userId: input.userId, orderId: input.orderId, verdict: decision.verdict, reasons: decision.reasons, at: input.now };
}
