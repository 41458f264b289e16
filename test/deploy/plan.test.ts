import { join } from 'node:path';
import { redactListing } from '../../scripts/deploy/apply';
import { describeChange, formatPlan, planDeploy, type Change } from '../../scripts/deploy/plan';
import { loadProject, parseFunctionConfig, ProjectError } from '../../scripts/deploy/project';
import { emptyListing, type EnvListing, type FunctionDetail, type IndexInfo } from '../../scripts/deploy/sdk';
import { FIXTURE_SHA, FIXTURE_VALUES, matchingListing } from './fixtures/matching-listing';

const ROOT = join(__dirname, '..', '..');
const fixture = loadProject(join(__dirname, 'fixtures', 'project'));

/** The matching environment with one thing changed. */
function listingWith(change: (l: EnvListing) => void): EnvListing {
  const l = matchingListing();
  change(l);
  return l;
}
const indexesOf = (l: EnvListing, collection: string) => l.collectionDetails[collection]!.Indexes as IndexInfo[];
const fnOf = (l: EnvListing, name: string) => l.functionDetails[name] as FunctionDetail;
const plan = (l: EnvListing, values: Record<string, string | undefined> = FIXTURE_VALUES) => planDeploy(fixture, l, values);
const kinds = (changes: Change[]) => changes.map((c) => c.kind);

describe('the deploy plan', () => {
  describe('for an empty environment', () => {
    const project = loadProject(ROOT);
    const values = Object.fromEntries(project.functions.flatMap((f) => f.env).map((n) => [n, `value-of-${n}`]));
    const { changes, notices, blockers } = planDeploy(project, emptyListing('env-new'), values);

    it('creates every collection of database.json, each of its indexes (unique where declared) and its rule', () => {
      const created = changes.filter((c) => c.kind === 'createCollection').map((c) => (c as { collection: string }).collection);
      expect(created).toEqual(project.collections.map((c) => c.name));
      const indexes = changes.flatMap((c) => (c.kind === 'createIndex' ? [`${c.collection}.${c.index.name}${c.index.unique ? '!' : ''}`] : []));
      expect(indexes).toEqual(project.collections.flatMap((c) => c.indexes.map((i) => `${c.name}.${i.name}${i.unique ? '!' : ''}`)));
      expect(indexes).toContain('orders.outTradeNo_unique!');
      expect(indexes).toContain('commissions.key_unique!');
      const rules = changes.filter((c) => c.kind === 'setRule');
      expect(rules).toHaveLength(project.collections.length);
      expect(rules.every((c) => c.kind === 'setRule' && c.rule === '{"read":false,"write":false}')).toBe(true);
    });

    it('creates all 16 functions with their timers, timeout and declared variables', () => {
      const fns = changes.flatMap((c) => (c.kind === 'createFunction' ? [c.fn] : []));
      expect(fns.map((f) => f.name)).toEqual(['admin', 'alliance', 'analytics', 'cart', 'catalog', 'coupon', 'cs', 'distribution', 'groupbuy', 'live', 'order', 'partnerapi', 'pay', 'points', 'staff', 'user']);
      const order = fns.find((f) => f.name === 'order')!;
      expect(order.triggers).toContainEqual({ name: 'cancelExpired', type: 'timer', config: '0 */1 * * * * *' });
      expect(order.env).toEqual(['ADMIN_OPENIDS', 'PAY_SUB_MCH_ID']);
      expect(fns.find((f) => f.name === 'user')!.env).toEqual(['ADMIN_OPENIDS', 'MEMBER_CODE_SECRET', 'PHONE_HASH_SALT', 'PHONE_KEY']);
      expect(fns.every((f) => f.timeout === 20 && f.files.includes('index.js') && !f.files.some((p) => p.endsWith('.ts')))).toBe(true);
      expect(notices).toEqual([]);
      expect(blockers).toEqual([]);
    });

    it('is blocked, naming the functions, for every declared variable missing from the shell', () => {
      const blocked = planDeploy(project, emptyListing('env-new'), { ...values, PHONE_KEY: undefined, ADMIN_OPENIDS: '' }).blockers;
      expect(blocked).toEqual([
        expect.stringMatching(/^ADMIN_OPENIDS is not set .*admin, alliance, .*user\)$/),
        'PHONE_KEY is not set in this shell\'s environment (declared by staff, user)',
      ]);
    });
  });

  describe('for an environment that already matches the project', () => {
    it('is empty: no change, nothing left alone, nothing blocking', () => {
      const p = plan(matchingListing());
      expect(p).toEqual({ envId: 'tuanmall-test-1a2b3c', changes: [], notices: [], blockers: [] });
      expect(formatPlan(p)).toBe('Plan for tuanmall-test-1a2b3c: nothing to change');
    });

    it('stays empty when the listing was saved with its values redacted', () => {
      expect(plan(redactListing(matchingListing())).changes).toEqual([]);
      expect(JSON.stringify(redactListing(matchingListing()))).not.toContain(FIXTURE_VALUES.MEMBER_CODE_SECRET);
    });

    it('accepts a timer reported as a bare cron', () => {
      const l = listingWith((l) => (fnOf(l, 'order').Triggers[0]!.TriggerDesc = '0 */1 * * * * *'));
      expect(plan(l).changes).toEqual([]);
    });
  });

  describe('when one index differs', () => {
    it('creates the missing index and nothing else', () => {
      const l = listingWith((l) => l.collectionDetails.orders!.Indexes!.splice(1, 1));
      expect(plan(l).changes).toEqual([{ kind: 'createIndex', collection: 'orders', index: { name: 'userId_createdAt', keys: { userId: 1, createdAt: -1 }, unique: false } }]);
    });

    it('reports a unique index that exists as non-unique: it must be dropped and recreated', () => {
      const l = listingWith((l) => (indexesOf(l, 'users').find((i) => i.Name === 'openid_unique')!.Unique = false));
      const { changes } = plan(l);
      expect(kinds(changes)).toEqual(['recreateIndex']);
      expect(changes[0]).toMatchObject({ collection: 'users', drop: 'openid_unique', index: { unique: true } });
      const line = describeChange(changes[0]!);
      expect(line).toMatch(/non-unique/);
      expect(line).toMatch(/dropped and created again as unique/);
      expect(line).toMatch(/--recreate-indexes/);
    });

    it('finds the same keys under the console\'s own name: unique, it is left alone; non-unique, it is replaced', () => {
      const renamed = (unique: boolean) =>
        listingWith((l) => {
          const i = indexesOf(l, 'users').find((i) => i.Name === 'openid_unique')!;
          i.Name = 'openid_1';
          i.Unique = unique;
        });
      const same = plan(renamed(true));
      expect(same.changes).toEqual([]);
      expect(same.notices).toEqual(['index users.openid_unique exists as openid_1: left as is']);
      expect(plan(renamed(false)).changes).toEqual([expect.objectContaining({ kind: 'recreateIndex', drop: 'openid_1' })]);
    });

    it('recreates an index whose key direction changed', () => {
      const l = listingWith((l) => (indexesOf(l, 'orders')[1]!.Keys[1]!.Direction = '1'));
      expect(plan(l).changes).toEqual([expect.objectContaining({ kind: 'recreateIndex', collection: 'orders', drop: 'userId_createdAt', reason: expect.stringContaining('{userId:1,createdAt:1}') })]);
    });

    it('leaves an index database.json does not know, and says so', () => {
      const l = listingWith((l) => indexesOf(l, 'carts').push({ Name: 'legacy', Size: 1, Keys: [{ Name: 'x', Direction: '1' }], Accesses: { Ops: 0, Since: '' }, Unique: false }));
      expect(plan(l)).toMatchObject({ changes: [], notices: ['index carts.legacy {x:1} is not in database.json: left as is'] });
    });
  });

  describe('when a collection or its rule differs', () => {
    it('sets the rule a collection was left with by the console', () => {
      const l = listingWith((l) => (l.safeRules.carts = { AclTag: 'PRIVATE', Rule: null, RequestId: 'r' }));
      expect(plan(l).changes).toEqual([{ kind: 'setRule', collection: 'carts', rule: '{"read":false,"write":false}', found: 'PRIVATE' }]);
    });

    it('replaces a custom rule that lets clients read', () => {
      const l = listingWith((l) => (l.safeRules.users!.Rule = '{"read": true, "write": false}'));
      expect(kinds(plan(l).changes)).toEqual(['setRule']);
    });

    it('creates a missing collection with its indexes and rule', () => {
      const l = listingWith((l) => {
        l.collectionList.Collections = l.collectionList.Collections.filter((c) => c.CollectionName !== 'orders');
        delete l.collectionDetails.orders;
      });
      expect(plan(l).changes.map(describeChange)).toEqual([
        '+ collection orders',
        '+ index orders.userId_createdAt {userId: 1, createdAt: -1}',
        '+ index orders.outTradeNo_unique {outTradeNo: 1} unique',
        '~ rule orders: none (new collection) → CUSTOM {"read":false,"write":false}',
      ]);
    });
  });

  describe('when a function differs', () => {
    it('changes exactly the variable whose value differs, without printing any value', () => {
      const p = plan(matchingListing(), { ...FIXTURE_VALUES, ADMIN_OPENIDS: 'o-op-1,o-op-3' });
      expect(p.changes).toEqual([
        { kind: 'updateConfig', function: 'order', details: ['change ADMIN_OPENIDS'], preserve: [] },
        { kind: 'updateConfig', function: 'user', details: ['change ADMIN_OPENIDS'], preserve: [] },
      ]);
      expect(formatPlan(p)).not.toMatch(/o-op-/);
    });

    it('sets a declared variable the function lacks and keeps one set by hand in the console', () => {
      const l = listingWith((l) => (fnOf(l, 'user').Environment.Variables = [{ Key: 'ADMIN_OPENIDS', Value: FIXTURE_VALUES.ADMIN_OPENIDS }, { Key: 'TZ', Value: 'Asia/Shanghai' }]));
      const p = plan(l);
      expect(p.changes).toEqual([{ kind: 'updateConfig', function: 'user', details: ['set MEMBER_CODE_SECRET'], preserve: ['TZ'] }]);
      expect(p.notices).toEqual(['function user has TZ, which its config.json does not declare: kept']);
    });

    it('replaces a timer whose cron changed, and only that timer', () => {
      const l = listingWith((l) => (fnOf(l, 'user').Triggers[0]!.TriggerDesc = '{"cron":"0 */10 * * * * *"}'));
      expect(plan(l).changes).toEqual([
        { kind: 'deleteTrigger', function: 'user', trigger: 'finishMerges', reason: 'cron "0 */10 * * * * *" becomes "0 */5 * * * * *"' },
        { kind: 'createTrigger', function: 'user', trigger: { name: 'finishMerges', type: 'timer', config: '0 */5 * * * * *' } },
      ]);
    });

    it('removes a timer config.json no longer declares and creates a missing one', () => {
      const l = listingWith((l) => (fnOf(l, 'order').Triggers[0]!.TriggerName = 'oldSweep'));
      expect(plan(l).changes.map(describeChange)).toEqual(['- timer order.oldSweep: not in config.json', '+ timer order.cancelExpired "0 */1 * * * * *"']);
    });

    it('updates the timeout', () => {
      const l = listingWith((l) => (fnOf(l, 'order').Timeout = 3));
      expect(plan(l).changes).toEqual([{ kind: 'updateConfig', function: 'order', details: ['timeout 3 s → 20 s'], preserve: [] }]);
    });

    it('uploads the code when the deployed package is another, or carries no marker', () => {
      const l = listingWith((l) => {
        fnOf(l, 'order').Description = `tuanmall sha256:${'0'.repeat(64)}`;
        fnOf(l, 'user').Description = '';
      });
      expect(plan(l).changes).toEqual([
        { kind: 'updateCode', function: 'order', codeSha256: FIXTURE_SHA.order, found: 'sha256:000000000000' },
        { kind: 'updateCode', function: 'user', codeSha256: FIXTURE_SHA.user, found: 'a package without a deploy marker' },
      ]);
    });

    it('creates a function the environment lacks and leaves one the project does not have', () => {
      const l = listingWith((l) => {
        l.functionList.Functions = [...l.functionList.Functions.filter((f) => f.FunctionName !== 'user'), { FunctionName: 'hello', FunctionId: 'lam-h', Runtime: 'Nodejs16.13', AddTime: '', ModTime: '', Status: 'Active' }];
        delete l.functionDetails.user;
      });
      const p = plan(l);
      expect(kinds(p.changes)).toEqual(['createFunction']);
      expect(p.notices).toEqual(['function hello is not in cloudfunctions/: left as is']);
    });
  });
});

describe('a function\'s config.json', () => {
  it('defaults the timeout to 20 s and the runtime to the bundles\' node16', () => {
    expect(parseFunctionConfig('x', {})).toEqual({ name: 'x', timeout: 20, runtime: 'Nodejs16.13', env: [], triggers: [] });
  });

  it.each([
    [{ timeout: 0 }, /timeout/],
    [{ envVariables: { lower: '' } }, /"envVariables"/],
    [{ envVariables: ['A'] }, /"envVariables"/],
    [{ triggers: [{ name: 't', type: 'timer', config: '* * * * *' }] }, /7-field/],
    [{ triggers: [{ name: 't', type: 'timer', config: '0 * * * * * *' }, { name: 't', type: 'timer', config: '0 * * * * * *' }] }, /share a name/],
  ])('refuses %j', (config, message) => {
    expect(() => parseFunctionConfig('x', config)).toThrow(ProjectError);
    expect(() => parseFunctionConfig('x', config)).toThrow(message);
  });
});
