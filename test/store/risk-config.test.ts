/** Checking operator-configured rules (pure): risk rule sets and promotions. */
import { checkPromotion, type Promotion } from '../../domain/store/pricing';
import { checkRiskRules, DEFAULT_RISK_RULES, RISK_KINDS, RISK_PARAMS, type RiskRule } from '../../domain/store/risk';

const aRule = (o: Partial<RiskRule> = {}): RiskRule => ({ id: 'r1', kind: 'orderVelocity', params: { maxOrders: 5 }, action: 'block', ...o });
const aPromo = (o: Partial<Promotion> = {}): Promotion => ({ id: 'p1', kind: 'fixed', label: '立减', params: { offFen: 100 }, ...o });

describe('checkRiskRules', () => {
  it('accepts the defaults and every kind the evaluator knows, and nothing else', () => {
    expect(checkRiskRules(DEFAULT_RISK_RULES).ok).toBe(true);
    expect(Object.keys(RISK_PARAMS).sort()).toEqual(Object.keys(RISK_KINDS).sort());
    expect(checkRiskRules([aRule({ kind: 'toString', params: {} })])).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(checkRiskRules([aRule({ kind: 'velocity' })])).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });

  it('refuses params the kind does not read, out of range or not integers', () => {
    expect(checkRiskRules([aRule({ params: { maxOrders: 5, hasOwnProperty: 1 } })]).ok).toBe(false);
    expect(checkRiskRules([aRule({ params: { maxOrders: 2.5 } })]).ok).toBe(false);
    expect(checkRiskRules([aRule({ params: { maxOrders: '5' } })]).ok).toBe(false);
    expect(checkRiskRules([aRule({ params: {} })]).ok).toBe(true);
  });
});

describe('checkPromotion', () => {
  it('accepts each kind with exactly the params it reads', () => {
    expect(checkPromotion(aPromo()).ok).toBe(true);
    expect(checkPromotion(aPromo({ kind: 'percentage', params: { offBps: 500, capFen: 1000, minSpendFen: 0 } })).ok).toBe(true);
    expect(checkPromotion(aPromo({ kind: 'fullReduction', params: { thresholdFen: 1000, offFen: 100, repeat: 1 } })).ok).toBe(true);
  });

  it('refuses unknown or missing params, inherited names and bad windows', () => {
    expect(checkPromotion(aPromo({ params: { offFen: 100, constructor: 1 } })).ok).toBe(false);
    expect(checkPromotion(aPromo({ params: {} })).ok).toBe(false);
    expect(checkPromotion(aPromo({ kind: 'fullReduction', params: { thresholdFen: 1000, offFen: 100, repeat: 2 } })).ok).toBe(false);
    expect(checkPromotion(aPromo({ startAt: 5, endAt: 5 })).ok).toBe(false);
  });
});
