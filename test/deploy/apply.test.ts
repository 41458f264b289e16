import { join } from 'node:path';
import { applyPlan, BlockedPlanError, readListing, type ApplyOptions } from '../../scripts/deploy/apply';
import { planDeploy, type EnvValues } from '../../scripts/deploy/plan';
import { loadProject, type ProjectSpec } from '../../scripts/deploy/project';
import { FakeEnv } from './fixtures/fake-env';
import { FIXTURE_VALUES } from './fixtures/matching-listing';

const ROOT = join(__dirname, '..', '..');
const fixture = loadProject(join(__dirname, 'fixtures', 'project'));
const target = (env: FakeEnv, project: ProjectSpec) => ({ envId: env.envId, appid: project.appid });

async function deploy(env: FakeEnv, project: ProjectSpec, values: EnvValues, opts: Partial<ApplyOptions> = {}) {
  const listing = await readListing(env, project, target(env, project));
  const plan = planDeploy(project, listing, values);
  const result = await applyPlan(env, plan, project, listing, { ...target(env, project), functionsRoot: project.functionsRoot, values, recreateIndexes: false, log: () => undefined, ...opts });
  return { plan, result };
}
const replan = async (env: FakeEnv, project: ProjectSpec, values: EnvValues) => planDeploy(project, await readListing(env, project, target(env, project)), values);

/** The fixture project, already deployed to a fresh in-memory environment. */
async function deployedFixture(): Promise<FakeEnv> {
  const env = new FakeEnv('tuanmall-test-1a2b3c');
  await deploy(env, fixture, FIXTURE_VALUES);
  env.calls.length = 0;
  return env;
}

describe('applying a plan', () => {
  describe('to an empty environment, for the whole project', () => {
    const project = loadProject(ROOT);
    const values = Object.fromEntries(project.functions.flatMap((f) => f.env).map((n) => [n, `value-of-${n}`]));

    it('builds an environment that matches: re-reading it plans nothing, and a second deploy changes nothing', async () => {
      const env = new FakeEnv('env-prod');
      const first = await deploy(env, { ...project, appid: 'wx0123456789abcdef' }, values);
      expect(first.result.applied).toHaveLength(first.plan.changes.length);
      expect(env.collections.size).toBe(project.collections.length);
      expect(env.fns.size).toBe(16);
      expect((await replan(env, project, values)).changes).toEqual([]);
      const changedBefore = env.changes.length;
      const second = await deploy(env, { ...project, appid: 'wx0123456789abcdef' }, values);
      expect(second.plan.changes).toEqual([]);
      expect(env.changes).toHaveLength(changedBefore);
    });
  });

  describe('to a fresh environment, for the fixture project', () => {
    it('creates each function from its folder with its timeout, variables, timers and package marker', async () => {
      const env = new FakeEnv('tuanmall-test-1a2b3c');
      await deploy(env, fixture, FIXTURE_VALUES);
      const user = env.calls.find((c) => c.api === 'createFunction' && c.target === 'user')!.detail as { func: Record<string, unknown>; functionRootPath: string };
      expect(user.functionRootPath).toBe(fixture.functionsRoot);
      expect(user.func).toMatchObject({
        name: 'user',
        runtime: 'Nodejs16.13',
        timeout: 20,
        installDependency: true,
        envVariables: { ADMIN_OPENIDS: FIXTURE_VALUES.ADMIN_OPENIDS, MEMBER_CODE_SECRET: FIXTURE_VALUES.MEMBER_CODE_SECRET },
        triggers: [{ name: 'finishMerges', type: 'timer', config: '0 */5 * * * * *' }],
        description: `tuanmall sha256:${fixture.functions.find((f) => f.name === 'user')!.codeSha256}`,
      });
      expect(user.func.ignore).toEqual(expect.arrayContaining(['**/*.ts', '**/*.map']));
    });

    it('creates unique indexes as unique and sets each rule as CUSTOM, after the collection exists', async () => {
      const env = new FakeEnv('tuanmall-test-1a2b3c');
      await deploy(env, fixture, FIXTURE_VALUES);
      const openid = env.collections.get('users')!.indexes.find((i) => i.Name === 'openid_unique')!;
      expect(openid).toMatchObject({ Keys: [{ Name: 'openid', Direction: '1' }], Unique: true });
      expect(env.collections.get('orders')!.indexes.find((i) => i.Name === 'userId_createdAt')!.Keys).toEqual([{ Name: 'userId', Direction: '1' }, { Name: 'createdAt', Direction: '-1' }]);
      expect(env.collections.get('carts')!.rule).toEqual({ AclTag: 'CUSTOM', Rule: '{"read":false,"write":false}' });
      const order = env.changes.filter((c) => c.target === 'users').map((c) => c.api);
      expect(order).toEqual(['createCollectionIfNotExists', 'updateCollection', 'updateCollection', 'ModifySafeRule']);
    });
  });

  describe('when a declared variable is missing from the shell', () => {
    it('changes nothing at all', async () => {
      const env = new FakeEnv('tuanmall-test-1a2b3c');
      await expect(deploy(env, fixture, { ...FIXTURE_VALUES, PAY_SUB_MCH_ID: undefined })).rejects.toThrow(BlockedPlanError);
      expect(env.changes).toEqual([]);
    });
  });

  describe('when a unique index exists as non-unique', () => {
    const spoil = (env: FakeEnv) => (env.collections.get('orders')!.indexes.find((i) => i.Name === 'outTradeNo_unique')!.Unique = false);

    it('skips it, and says so, unless --recreate-indexes is given', async () => {
      const env = await deployedFixture();
      spoil(env);
      const lines: string[] = [];
      const { result } = await deploy(env, fixture, FIXTURE_VALUES, { log: (l) => lines.push(l) });
      expect(result.skipped.map((c) => c.kind)).toEqual(['recreateIndex']);
      expect(env.changes).toEqual([]);
      expect(lines).toEqual([expect.stringMatching(/^SKIP {2}! index orders\.outTradeNo_unique: drop outTradeNo_unique \{outTradeNo:1\}/)]);
    });

    it('drops and recreates it as unique with --recreate-indexes, after which nothing differs', async () => {
      const env = await deployedFixture();
      spoil(env);
      await deploy(env, fixture, FIXTURE_VALUES, { recreateIndexes: true });
      expect(env.changes.map((c) => c.detail)).toEqual([
        { DropIndexes: [{ IndexName: 'outTradeNo_unique' }] },
        { CreateIndexes: [{ IndexName: 'outTradeNo_unique', MgoKeySchema: { MgoIndexKeys: [{ Name: 'outTradeNo', Direction: '1' }], MgoIsUnique: true } }] },
      ]);
      expect((await replan(env, fixture, FIXTURE_VALUES)).changes).toEqual([]);
    });
  });

  describe('to a deployed function', () => {
    it('uploads changed code, then records its marker and keeps a variable set in the console', async () => {
      const env = await deployedFixture();
      const user = env.fns.get('user')!;
      user.Description = 'uploaded from DevTools';
      user.Environment.Variables.push({ Key: 'TZ', Value: 'Asia/Shanghai' });
      await deploy(env, fixture, FIXTURE_VALUES);
      expect(env.changes.map((c) => `${c.api} ${c.target}`)).toEqual(['updateFunctionCode user', 'updateFunctionConfig user']);
      expect(env.changes[1]!.detail).toMatchObject({ envVariables: { TZ: 'Asia/Shanghai', ADMIN_OPENIDS: FIXTURE_VALUES.ADMIN_OPENIDS } });
      expect(env.changes[1]!.detail).not.toHaveProperty('triggers');
      expect((await replan(env, fixture, FIXTURE_VALUES)).changes).toEqual([]);
    });

    it('sets a changed variable and replaces a changed timer, then nothing differs', async () => {
      const env = await deployedFixture();
      env.fns.get('order')!.Triggers[0]!.TriggerDesc = '{"cron":"0 */30 * * * * *"}';
      const values = { ...FIXTURE_VALUES, PAY_SUB_MCH_ID: '1600000002' };
      await deploy(env, fixture, values);
      expect(env.changes.map((c) => `${c.api} ${c.target}`)).toEqual(['updateFunctionConfig order', 'deleteFunctionTrigger order', 'createFunctionTriggers order']);
      expect(env.fns.get('order')!.Environment.Variables).toContainEqual({ Key: 'PAY_SUB_MCH_ID', Value: '1600000002' });
      expect((await replan(env, fixture, values)).changes).toEqual([]);
    });
  });
});
