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

/** Decides, records the decision in `risk_decisions` (with its reasons), and throws RISK_BLOCKED on a block. */
export async function checkOrderRisk(input: RiskInput): Promise<RiskDecision> {
  const _ = command();
  const [rules, user, recent] = await Promise.all([
    riskRules(),
    input.member ?? findById<{ createdAt: number; region?: string | null }>('users', input.userId),
    db().collection('orders').where({ userId: input.userId, createdAt: _.gt(input.now - ORDER_VELOCITY_WINDOW_MS) }).count(),
  ]);
  const decision = assessRisk(rules, {
    now: input.now, userCreatedAt: user?.createdAt ?? input.now, payableFen: input.payableFen,
    requestRegion: input.region, userRegion: user?.region ?? null,
    recentOrders: (recent as { total: number }).total, ordersWindowMs: ORDER_VELOCITY_WINDOW_MS,
  });
  await db().collection('risk_decisions').add({ data: { userId: input.userId, orderId: input.orderId, verdict: decision.verdict, reasons: decision.reasons, at: input.now } });
  if (decision.verdict === 'block') throw fail('RISK_BLOCKED', decision.reasons.filter((r) => r.action === 'block').map((r) => r.detail).join('; '));
  return decision;
}
