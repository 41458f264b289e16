/**
 * The two impure halves around the plan: reading an environment into an `EnvListing`, and applying a
 * plan through the SDK. Both take a `DeployApi` (a manager-node `CloudBase` instance, or the tests'
 * in-memory environment).
 */
import { PACKAGE_IGNORE, type FunctionSpec, type IndexSpec, type ProjectSpec } from './project';
import { digest, describeChange, versionMarker, type Change, type EnvValues, type Plan } from './plan';
import { TCB_SERVICE, type CreateIndex, type DeployApi, type DescribeSafeRuleRequest, type DescribeSafeRuleResponse, type EnvListing, type FunctionDetail, type ModifySafeRuleRequest } from './sdk';

const PAGE = 100;

/** Runs `work` over `items`, `width` at a time (the management API limits request rates). */
async function eachLimited<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

export interface Target {
  envId: string;
  /** The mini-program's AppID: DescribeSafeRule requires it for a mini-program's environment. */
  appid: string;
}

/** Reads what `planDeploy` compares: read-only calls only. */
export async function readListing(api: DeployApi, project: Pick<ProjectSpec, 'collections' | 'functions'>, target: Target): Promise<EnvListing> {
  const first = await api.database.listCollections({ MgoLimit: PAGE, MgoOffset: 0 });
  const collections = [...first.Collections];
  while (collections.length < (first.Pager?.Total ?? 0)) {
    const page = await api.database.listCollections({ MgoLimit: PAGE, MgoOffset: collections.length });
    if (page.Collections.length === 0) break;
    collections.push(...page.Collections);
  }
  const collectionList = { ...first, Collections: collections };
  const existing = new Set(collections.map((c) => c.CollectionName ?? c.TableName));
  const collectionDetails: EnvListing['collectionDetails'] = {};
  const safeRules: EnvListing['safeRules'] = {};
  const tcb = api.commonService(...TCB_SERVICE);
  await eachLimited(project.collections.filter((c) => existing.has(c.name)), 4, async (c) => {
    collectionDetails[c.name] = await api.database.describeCollection(c.name);
    const param: DescribeSafeRuleRequest = { EnvId: target.envId, CollectionName: c.name, WxAppId: target.appid };
    safeRules[c.name] = (await tcb.call({ Action: 'DescribeSafeRule', Param: param })) as DescribeSafeRuleResponse;
  });

  const firstFns = await api.functions.getFunctionList(PAGE, 0);
  const fns = [...firstFns.Functions];
  while (fns.length < firstFns.TotalCount) {
    const page = await api.functions.getFunctionList(PAGE, fns.length);
    if (page.Functions.length === 0) break;
    fns.push(...page.Functions);
  }
  const functionList = { ...firstFns, Functions: fns };
  const existingFns = new Set(fns.map((f) => f.FunctionName));
  const functionDetails: EnvListing['functionDetails'] = {};
  await eachLimited(project.functions.filter((f) => existingFns.has(f.name)), 4, async (f) => {
    functionDetails[f.name] = await api.functions.getFunctionDetail(f.name);
  });
  return { envId: target.envId, collectionList, collectionDetails, safeRules, functionList, functionDetails };
}

/** The listing with every environment variable's value replaced by its sha256, safe to save and share. */
export function redactListing(listing: EnvListing): EnvListing {
  const functionDetails: Record<string, FunctionDetail> = {};
  for (const [name, d] of Object.entries(listing.functionDetails)) {
    functionDetails[name] = { ...d, Environment: { Variables: (d.Environment?.Variables ?? []).map((v) => ({ Key: v.Key, Value: digest(v.Value) })) } };
  }
  return { ...listing, functionDetails };
}

export const toCreateIndex = (index: IndexSpec): CreateIndex => ({
  IndexName: index.name,
  MgoKeySchema: { MgoIndexKeys: Object.entries(index.keys).map(([Name, d]) => ({ Name, Direction: String(d) })), MgoIsUnique: index.unique },
});

export interface ApplyOptions extends Target {
  functionsRoot: string;
  values: EnvValues;
  /** Drop and recreate indexes whose keys or uniqueness differ (otherwise they are reported and skipped). */
  recreateIndexes: boolean;
  log(line: string): void;
}

export interface ApplyResult {
  applied: Change[];
  skipped: Change[];
}

export class BlockedPlanError extends Error {}

function envVariables(spec: FunctionSpec, values: EnvValues, detail: FunctionDetail | undefined, preserve: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  // The SDK replaces the whole set: variables set by hand in the console are passed back unchanged.
  for (const v of detail?.Environment?.Variables ?? []) if (preserve.includes(v.Key)) out[v.Key] = v.Value;
  for (const name of spec.env) out[name] = values[name] as string;
  return out;
}

/**
 * Applies `plan` in order. Refuses before any call when the plan has blockers. `listing` must be the one
 * the plan was computed from (read from the environment, not a redacted file).
 */
export async function applyPlan(api: DeployApi, plan: Plan, project: Pick<ProjectSpec, 'functions'>, listing: EnvListing, opts: ApplyOptions): Promise<ApplyResult> {
  if (plan.blockers.length) throw new BlockedPlanError(`nothing was changed:\n  ${plan.blockers.join('\n  ')}`);
  const applied: Change[] = [];
  const skipped: Change[] = [];
  const done = (c: Change) => {
    applied.push(c);
    opts.log(`done  ${describeChange(c)}`);
  };
  const specOf = (name: string) => {
    const spec = project.functions.find((f) => f.name === name);
    if (!spec) throw new Error(`plan names function ${name}, which the project does not declare`);
    return spec;
  };
  const tcb = api.commonService(...TCB_SERVICE);
  const configured = new Set<string>();

  for (const c of plan.changes) {
    switch (c.kind) {
      case 'createCollection':
        await api.database.createCollectionIfNotExists(c.collection);
        break;
      case 'createIndex':
        await api.database.updateCollection(c.collection, { CreateIndexes: [toCreateIndex(c.index)] });
        break;
      case 'recreateIndex':
        if (!opts.recreateIndexes) {
          skipped.push(c);
          opts.log(`SKIP  ${describeChange(c)}`);
          continue;
        }
        await api.database.updateCollection(c.collection, { DropIndexes: [{ IndexName: c.drop }] });
        await api.database.updateCollection(c.collection, { CreateIndexes: [toCreateIndex(c.index)] });
        break;
      case 'setRule': {
        const param: ModifySafeRuleRequest = { EnvId: opts.envId, CollectionName: c.collection, AclTag: 'CUSTOM', Rule: c.rule };
        await tcb.call({ Action: 'ModifySafeRule', Param: param });
        break;
      }
      case 'createFunction': {
        const f = c.fn;
        await api.functions.createFunction({
          func: {
            name: f.name,
            runtime: f.runtime,
            handler: 'index.main',
            timeout: f.timeout,
            installDependency: true,
            envVariables: envVariables(f, opts.values, undefined, []),
            description: versionMarker(f.codeSha256),
            triggers: f.triggers.map((t) => ({ name: t.name, type: t.type, config: t.config })),
            ignore: PACKAGE_IGNORE,
          },
          functionRootPath: opts.functionsRoot,
          force: false,
        });
        break;
      }
      case 'updateCode': {
        const f = specOf(c.function);
        await api.functions.updateFunctionCode({
          func: { name: f.name, runtime: f.runtime, installDependency: true, isWaitInstall: true, ignore: PACKAGE_IGNORE },
          functionRootPath: opts.functionsRoot,
        });
        // The description records the deployed package; set it with the rest of the configuration.
        if (!plan.changes.some((o) => o.kind === 'updateConfig' && o.function === f.name)) {
          const preserve = (listing.functionDetails[f.name]?.Environment?.Variables ?? []).map((v) => v.Key).filter((k) => !f.env.includes(k));
          await updateConfig(api, f, opts, listing, preserve);
          configured.add(f.name);
        }
        break;
      }
      case 'updateConfig': {
        const f = specOf(c.function);
        if (!configured.has(f.name)) await updateConfig(api, f, opts, listing, c.preserve);
        break;
      }
      case 'deleteTrigger':
        await api.functions.deleteFunctionTrigger(c.function, c.trigger);
        break;
      case 'createTrigger':
        await api.functions.createFunctionTriggers(c.function, [{ name: c.trigger.name, type: c.trigger.type, config: c.trigger.config }]);
        break;
    }
    done(c);
  }
  return { applied, skipped };
}

async function updateConfig(api: DeployApi, f: FunctionSpec, opts: ApplyOptions, listing: EnvListing, preserve: readonly string[]): Promise<void> {
  // No `triggers` here: updateFunctionConfig would create them and only warn when that fails.
  await api.functions.updateFunctionConfig({
    name: f.name,
    timeout: f.timeout,
    envVariables: envVariables(f, opts.values, listing.functionDetails[f.name], preserve),
    description: versionMarker(f.codeSha256),
  });
}
