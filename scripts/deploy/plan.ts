/**
 * The deploy plan: a pure function of what the repository declares (`ProjectSpec`), what the environment
 * has (`EnvListing`, in the SDK's own response shapes) and the deploying process's environment variables.
 * No clock, no network, no file system: the same inputs always give the same plan, and a plan computed
 * against an environment that already matches the project is empty.
 */
import { createHash } from 'node:crypto';
import type { CollectionSpec, FunctionSpec, IndexSpec, ProjectSpec, TimerSpec } from './project';
import type { EnvListing, FunctionDetail, IndexInfo } from './sdk';

export type Change =
  | { kind: 'createCollection'; collection: string }
  | { kind: 'createIndex'; collection: string; index: IndexSpec }
  /** The index exists with other keys or without uniqueness: it must be dropped (`drop`) and created again. */
  | { kind: 'recreateIndex'; collection: string; index: IndexSpec; drop: string; found: string; reason: string }
  | { kind: 'setRule'; collection: string; rule: string; found: string }
  | { kind: 'createFunction'; fn: FunctionSpec }
  | { kind: 'updateCode'; function: string; codeSha256: string; found: string }
  /** `details` name what differs; never a value. `preserve`: variables set in the console but not declared, kept. */
  | { kind: 'updateConfig'; function: string; details: string[]; preserve: string[] }
  | { kind: 'deleteTrigger'; function: string; trigger: string; reason: string }
  | { kind: 'createTrigger'; function: string; trigger: TimerSpec };

export interface Plan {
  envId: string;
  changes: Change[];
  /** Differences deploy leaves alone (extra indexes, functions and collections it does not own…). */
  notices: string[];
  /** Reasons the plan must not be applied (a declared variable missing from the environment). */
  blockers: string[];
}

export type EnvValues = Readonly<Record<string, string | undefined>>;

/** The function description that records which package is deployed. */
export const versionMarker = (codeSha256: string) => `tuanmall sha256:${codeSha256}`;
const MARKER = /tuanmall sha256:([0-9a-f]{64})/;

/** A saved listing keeps a digest instead of each variable's value (see `redactListing`). */
export const REDACTED = /^sha256:[0-9a-f]{64}$/;
export const digest = (value: string) => `sha256:${createHash('sha256').update(value).digest('hex')}`;
const sameValue = (wanted: string, actual: string) => (REDACTED.test(actual) ? digest(wanted) === actual : wanted === actual);

/** JSON with object keys sorted, so two equal rules compare equal whatever their key order or spacing. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const keyList = (keys: Record<string, 1 | -1>) => Object.entries(keys).map(([f, d]) => `${f}:${d}`).join(',');
const actualKeyList = (info: IndexInfo) => (info.Keys ?? []).map((k) => `${k.Name}:${Number(k.Direction)}`).join(',');
const describeIndex = (info: IndexInfo) => `${info.Name} {${actualKeyList(info)}}${info.Unique ? ' unique' : ''}`;

function planCollection(spec: CollectionSpec, listing: EnvListing, exists: boolean, changes: Change[], notices: string[]): void {
  const rule = canonicalJson(spec.rules);
  if (!exists) {
    changes.push({ kind: 'createCollection', collection: spec.name });
    for (const index of spec.indexes) changes.push({ kind: 'createIndex', collection: spec.name, index });
    changes.push({ kind: 'setRule', collection: spec.name, rule, found: 'none (new collection)' });
    return;
  }
  const detail = listing.collectionDetails[spec.name];
  if (!detail) throw new Error(`listing has ${spec.name} but not its DescribeTable answer`);
  const actual = (detail.Indexes ?? []).filter((i) => i.Name !== '_id_');
  const matched = new Set<IndexInfo>();
  for (const index of spec.indexes) {
    const byName = actual.find((i) => i.Name === index.name);
    // The console names indexes after their keys (`openid_1`): the same keys under another name are the same index.
    const byKeys = byName ? undefined : actual.find((i) => actualKeyList(i) === keyList(index.keys));
    const found = byName ?? byKeys;
    if (!found) {
      changes.push({ kind: 'createIndex', collection: spec.name, index });
      continue;
    }
    matched.add(found);
    const sameKeys = actualKeyList(found) === keyList(index.keys);
    const sameUnique = (found.Unique === true) === index.unique;
    if (sameKeys && sameUnique) {
      if (byKeys) notices.push(`index ${spec.name}.${index.name} exists as ${found.Name}: left as is`);
      continue;
    }
    const reason = !sameKeys
      ? `its keys are {${actualKeyList(found)}}, database.json says {${keyList(index.keys)}}`
      : index.unique
        ? 'it exists as non-unique, so uniqueness is not enforced; an index cannot be altered, it must be dropped and created again as unique (creation fails while duplicates exist)'
        : 'it exists as unique, database.json says non-unique; it must be dropped and created again';
    changes.push({ kind: 'recreateIndex', collection: spec.name, index, drop: found.Name, found: describeIndex(found), reason });
  }
  for (const extra of actual) if (!matched.has(extra)) notices.push(`index ${spec.name}.${describeIndex(extra)} is not in database.json: left as is`);
  const safe = listing.safeRules[spec.name];
  const actualRule = safe?.AclTag === 'CUSTOM' && safe.Rule ? parseRule(safe.Rule) : undefined;
  if (actualRule !== rule) {
    changes.push({ kind: 'setRule', collection: spec.name, rule, found: safe ? `${safe.AclTag ?? '?'}${safe.Rule ? ` ${safe.Rule}` : ''}` : 'unknown' });
  }
}

function parseRule(text: string): string | undefined {
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return undefined; // not JSON: differs from any declared rule, and is replaced
  }
}

/** A timer's cron as the platform reports it: `TriggerDesc` is `{"cron": "..."}` JSON, or the bare cron. */
export function triggerCron(trigger: { TriggerDesc?: string; Config?: string }): string {
  const raw = trigger.TriggerDesc || trigger.Config || '';
  try {
    const parsed = JSON.parse(raw) as { cron?: unknown };
    if (parsed && typeof parsed.cron === 'string') return parsed.cron.trim().split(/\s+/).join(' ');
  } catch {
    // a bare cron string
  }
  return raw.trim().split(/\s+/).join(' ');
}

function planFunction(spec: FunctionSpec, detail: FunctionDetail, values: EnvValues, changes: Change[], notices: string[]): void {
  const deployed = MARKER.exec(detail.Description ?? '')?.[1];
  if (deployed !== spec.codeSha256) {
    changes.push({ kind: 'updateCode', function: spec.name, codeSha256: spec.codeSha256, found: deployed ? `sha256:${deployed.slice(0, 12)}` : 'a package without a deploy marker' });
  }
  if (detail.Runtime !== spec.runtime) {
    notices.push(`function ${spec.name} runs ${detail.Runtime}, config wants ${spec.runtime}: the runtime is fixed at creation (delete the function in the console to change it)`);
  }
  const details: string[] = [];
  if (detail.Timeout !== spec.timeout) details.push(`timeout ${detail.Timeout} s → ${spec.timeout} s`);
  const actualVars = new Map((detail.Environment?.Variables ?? []).map((v) => [v.Key, v.Value] as const));
  for (const name of spec.env) {
    const wanted = values[name];
    const actual = actualVars.get(name);
    if (wanted === undefined) continue; // a blocker, reported once for all functions
    if (actual === undefined) details.push(`set ${name}`);
    else if (!sameValue(wanted, actual)) details.push(`change ${name}`);
  }
  const preserve = [...actualVars.keys()].filter((k) => !spec.env.includes(k)).sort();
  if (details.length) changes.push({ kind: 'updateConfig', function: spec.name, details, preserve });
  for (const name of preserve) notices.push(`function ${spec.name} has ${name}, which its config.json does not declare: kept`);

  const timers = (detail.Triggers ?? []).filter((t) => t.Type === 'timer');
  for (const other of (detail.Triggers ?? []).filter((t) => t.Type !== 'timer')) notices.push(`function ${spec.name} has a ${other.Type} trigger ${other.TriggerName}: left as is`);
  for (const t of timers) {
    const name = t.TriggerName || t.Name;
    const wanted = spec.triggers.find((w) => w.name === name);
    if (!wanted) changes.push({ kind: 'deleteTrigger', function: spec.name, trigger: name, reason: 'not in config.json' });
    else if (triggerCron(t) !== wanted.config.split(/\s+/).join(' ')) {
      changes.push({ kind: 'deleteTrigger', function: spec.name, trigger: name, reason: `cron "${triggerCron(t)}" becomes "${wanted.config}"` });
      changes.push({ kind: 'createTrigger', function: spec.name, trigger: wanted });
    }
  }
  for (const wanted of spec.triggers) {
    if (!timers.some((t) => (t.TriggerName || t.Name) === wanted.name)) changes.push({ kind: 'createTrigger', function: spec.name, trigger: wanted });
  }
}

/**
 * Everything that must change for the environment to match the project, in the order it is applied:
 * collections, their indexes and rules, then functions (code, configuration, timers).
 */
export function planDeploy(project: Pick<ProjectSpec, 'collections' | 'functions'>, listing: EnvListing, values: EnvValues): Plan {
  const changes: Change[] = [];
  const notices: string[] = [];
  const blockers: string[] = [];

  const collectionNames = new Set(listing.collectionList.Collections.map((c) => c.CollectionName ?? c.TableName));
  for (const spec of project.collections) planCollection(spec, listing, collectionNames.has(spec.name), changes, notices);
  const declaredCollections = new Set(project.collections.map((c) => c.name));
  for (const name of [...collectionNames].sort()) if (!declaredCollections.has(name)) notices.push(`collection ${name} is not in database.json: left as is`);

  const missing = new Map<string, string[]>();
  for (const spec of project.functions) for (const name of spec.env) if (values[name] === undefined || values[name] === '') missing.set(name, [...(missing.get(name) ?? []), spec.name]);
  for (const [name, fns] of missing) blockers.push(`${name} is not set in this shell's environment (declared by ${fns.join(', ')})`);
  const present: EnvValues = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));

  const functionNames = new Set(listing.functionList.Functions.map((f) => f.FunctionName));
  for (const spec of project.functions) {
    if (!functionNames.has(spec.name)) {
      changes.push({ kind: 'createFunction', fn: spec });
      continue;
    }
    const detail = listing.functionDetails[spec.name];
    if (!detail) throw new Error(`listing has function ${spec.name} but not its GetFunction answer`);
    planFunction(spec, detail, present, changes, notices);
  }
  const declaredFunctions = new Set(project.functions.map((f) => f.name));
  for (const name of [...functionNames].sort()) if (!declaredFunctions.has(name)) notices.push(`function ${name} is not in cloudfunctions/: left as is`);

  return { envId: listing.envId, changes, notices, blockers };
}

const keysText = (keys: Record<string, 1 | -1>) => `{${Object.entries(keys).map(([f, d]) => `${f}: ${d}`).join(', ')}}`;

/** One line per change, without any variable's value. */
export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'createCollection':
      return `+ collection ${c.collection}`;
    case 'createIndex':
      return `+ index ${c.collection}.${c.index.name} ${keysText(c.index.keys)}${c.index.unique ? ' unique' : ''}`;
    case 'recreateIndex':
      return `! index ${c.collection}.${c.index.name}: drop ${c.found} and create ${keysText(c.index.keys)}${c.index.unique ? ' unique' : ''}, because ${c.reason} (only with --recreate-indexes)`;
    case 'setRule':
      return `~ rule ${c.collection}: ${c.found} → CUSTOM ${c.rule}`;
    case 'createFunction': {
      const f = c.fn;
      const timers = f.triggers.map((t) => `${t.name} "${t.config}"`).join(', ');
      return `+ function ${f.name} (${f.runtime}, timeout ${f.timeout} s, env ${f.env.join(', ') || 'none'}, timers ${timers || 'none'}, package sha256:${f.codeSha256.slice(0, 12)})`;
    }
    case 'updateCode':
      return `~ code ${c.function}: ${c.found} → sha256:${c.codeSha256.slice(0, 12)}`;
    case 'updateConfig':
      return `~ config ${c.function}: ${c.details.join('; ')}`;
    case 'deleteTrigger':
      return `- timer ${c.function}.${c.trigger}: ${c.reason}`;
    case 'createTrigger':
      return `+ timer ${c.function}.${c.trigger.name} "${c.trigger.config}"`;
  }
}

export function formatPlan(plan: Plan): string {
  const lines = [plan.changes.length ? `Plan for ${plan.envId}: ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}` : `Plan for ${plan.envId}: nothing to change`];
  for (const c of plan.changes) lines.push(`  ${describeChange(c)}`);
  if (plan.notices.length) lines.push('Left alone:', ...plan.notices.map((n) => `  ${n}`));
  if (plan.blockers.length) lines.push('Cannot apply:', ...plan.blockers.map((b) => `  ${b}`));
  return lines.join('\n');
}
