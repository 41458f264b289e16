/**
 * Risk rules (pure), checked before an order is created. Rules are data (`{id, kind, params, action}`),
 * stored in `risk_rules` (the defaults below apply when that collection is empty); each kind is a small
 * predicate over the facts of the order. A matching rule either blocks the order (`RISK_BLOCKED`) or flags
 * it for review; the decision keeps every reason. To add a kind, add a predicate to `RISK_KINDS`
 * and its params to `RISK_PARAMS` (what operators may configure, checked by `checkRiskRules`).
 */
import { refuse, success, type Outcome } from '../kernel/outcome';

export type RiskAction = 'block' | 'review';
export type RiskVerdict = 'allow' | RiskAction;

export interface RiskRule {
  id: string;
  kind: string;
  params: Record<string, number | string | boolean>;
  action: RiskAction;
  enabled?: boolean;
}

/** What is known about the order when it is checked. Times in epoch ms, money in fen. */
export interface RiskFacts {
  now: number;
  userCreatedAt: number;
  payableFen: number;
  /** The region the request says it comes from, if any. */
  requestRegion: string | null;
  /** The region on the member's profile, if any. */
  userRegion: string | null;
  /** Orders this member created in the last `ordersWindowMs`. */
  recentOrders: number;
  ordersWindowMs: number;
}

export interface RiskReason { ruleId: string; kind: string; action: RiskAction; detail: string }
export interface RiskDecision { verdict: RiskVerdict; reasons: RiskReason[] }

/** A kind's predicate: the detail of why it matched, or null. */
export type RiskPredicate = (params: RiskRule['params'], f: RiskFacts) => string | null;

const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);

export const RISK_KINDS: Record<string, RiskPredicate> = {
  /** `{maxAccountAgeMs, minPayableFen}`: a young account placing a large order. */
  newAccountHighValue(p, f) {
    const age = f.now - f.userCreatedAt;
    return age < num(p.maxAccountAgeMs, 86_400_000) && f.payableFen >= num(p.minPayableFen, 100_000)
      ? `account ${Math.round(age / 60_000)} min old orders ${f.payableFen} fen` : null;
  },
  /** `{}`: the request's region differs from the member's. */
  regionMismatch(_p, f) {
    return f.requestRegion && f.userRegion && f.requestRegion !== f.userRegion ? `request from ${f.requestRegion}, member in ${f.userRegion}` : null;
  },
  /** `{maxOrders}` within the facts' window: too many orders too fast (counts this one). */
  orderVelocity(p, f) {
    return f.recentOrders + 1 > num(p.maxOrders, 10) ? `${f.recentOrders + 1} orders within ${f.ordersWindowMs / 1000}s` : null;
  },
};

/** The params each kind reads (integer ranges); a rule may leave any out (the predicate's default applies). */
export const RISK_PARAMS: Record<string, Record<string, { min: number; max: number }>> = {
  newAccountHighValue: { maxAccountAgeMs: { min: 0, max: 3_650 * 86_400_000 }, minPayableFen: { min: 0, max: 100_000_000 } },
  regionMismatch: {},
  orderVelocity: { maxOrders: { min: 0, max: 10_000 } },
};

/**
 * Checks a rule set an operator configures: unique ids, kinds this evaluator knows (an unknown kind is
 * refused here, though `assessRisk` skips one it finds in stored data), only the params the kind reads,
 * each an integer in range. INVALID_ARGUMENT with the first problem.
 */
export function checkRiskRules(rules: readonly RiskRule[]): Outcome<RiskRule[]> {
  const ids = new Set<string>();
  for (const [i, r] of rules.entries()) {
    if (ids.has(r.id)) return refuse('INVALID_ARGUMENT', `rules[${i}].id ${r.id} appears twice`);
    ids.add(r.id);
    const spec = Object.hasOwn(RISK_PARAMS, r.kind) ? RISK_PARAMS[r.kind] : null;
    if (!spec || !Object.hasOwn(RISK_KINDS, r.kind)) return refuse('INVALID_ARGUMENT', `rules[${i}].kind must be one of ${Object.keys(RISK_PARAMS).join(', ')}`);
    for (const [key, value] of Object.entries(r.params)) {
      const range = Object.hasOwn(spec, key) ? spec[key] : null;
      if (!range) return refuse('INVALID_ARGUMENT', `rules[${i}].params.${key} is not read by ${r.kind}`);
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < range.min || value > range.max) return refuse('INVALID_ARGUMENT', `rules[${i}].params.${key} must be an integer ${range.min}..${range.max}`);
    }
  }
  return success([...rules]);
}

/** The rules in force when `risk_rules` holds none. */
export const DEFAULT_RISK_RULES: RiskRule[] = [
  { id: 'new-account-high-value', kind: 'newAccountHighValue', params: { maxAccountAgeMs: 86_400_000, minPayableFen: 100_000 }, action: 'review' },
  { id: 'region-mismatch', kind: 'regionMismatch', params: {}, action: 'review' },
  { id: 'order-velocity', kind: 'orderVelocity', params: { maxOrders: 10 }, action: 'block' },
];

/** The window `orderVelocity` counts orders in. */
export const ORDER_VELOCITY_WINDOW_MS = 60_000;

/**
 * Evaluates every enabled rule. Verdict: `block` if any blocking rule matched, else `review` if any
 * matched, else `allow`. Unknown kinds are skipped (a rule written for a newer server does no harm).
 */
export function assessRisk(rules: readonly RiskRule[], facts: RiskFacts): RiskDecision {
  const reasons: RiskReason[] = [];
  for (const rule of rules) {
    if (rule.enabled === false) continue;
    const predicate = RISK_KINDS[rule.kind];
    const detail = predicate ? predicate(rule.params, facts) : null;
    if (detail) reasons.push({ ruleId: rule.id, kind: rule.kind, action: rule.action, detail });
  }
  const verdict: RiskVerdict = reasons.some((r) => r.action === 'block') ? 'block' : reasons.length ? 'review' : 'allow';
  return { verdict, reasons };
}
