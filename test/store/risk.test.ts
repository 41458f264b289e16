import { assessRisk, DEFAULT_RISK_RULES, type RiskFacts, type RiskRule } from '../../domain/store/risk';

const NOW = 1_700_000_000_000;
const DAY = 86_400_000;
const facts = (o: Partial<RiskFacts> = {}): RiskFacts => ({
  now: NOW, userCreatedAt: NOW - 30 * DAY, payableFen: 5000, requestRegion: null, userRegion: null, recentOrders: 0, ordersWindowMs: 60_000, ...o,
});

describe('risk rules', () => {
  it('allows an ordinary order with no reasons', () => {
    expect(assessRisk(DEFAULT_RISK_RULES, facts())).toEqual({ verdict: 'allow', reasons: [] });
  });
  it('flags a high-value order from a new account for review', () => {
    const d = assessRisk(DEFAULT_RISK_RULES, facts({ userCreatedAt: NOW - 3600_000, payableFen: 200_000 }));
    expect(d.verdict).toBe('review');
    expect(d.reasons.map((r) => r.ruleId)).toEqual(['new-account-high-value']);
  });
  it('flags a region mismatch, but not a missing region', () => {
    expect(assessRisk(DEFAULT_RISK_RULES, facts({ requestRegion: 'GD', userRegion: 'SH' })).verdict).toBe('review');
    expect(assessRisk(DEFAULT_RISK_RULES, facts({ requestRegion: 'GD' })).verdict).toBe('allow');
  });
  it('blocks the eleventh order within a minute, and keeps the review reasons too', () => {
    const d = assessRisk(DEFAULT_RISK_RULES, facts({ recentOrders: 10, requestRegion: 'GD', userRegion: 'SH' }));
    expect(d.verdict).toBe('block');
    expect(d.reasons.map((r) => r.kind).sort()).toEqual(['orderVelocity', 'regionMismatch']);
    expect(assessRisk(DEFAULT_RISK_RULES, facts({ recentOrders: 9 })).verdict).toBe('allow');
  });
  it('reads its thresholds and actions from the rule data, skips disabled and unknown kinds', () => {
    const rules: RiskRule[] = [
      { id: 'strict', kind: 'orderVelocity', params: { maxOrders: 1 }, action: 'review' },
      { id: 'off', kind: 'regionMismatch', params: {}, action: 'block', enabled: false },
      { id: 'future', kind: 'deviceFingerprint', params: {}, action: 'block' },
    ];
    expect(assessRisk(rules, facts({ recentOrders: 1, requestRegion: 'GD', userRegion: 'SH' }))).toMatchObject({ verdict: 'review', reasons: [{ ruleId: 'strict' }] });
  });
});
