/**
 * `npm run deploy -- --env <envId>`: makes a WeChat cloud environment match this repository — every
 * collection of database.json with its indexes and security rule, every function folder with its code,
 * timeout, timers and environment variables — and prints what changed. Running it again changes nothing.
 *
 *   --dry-run                 print the plan; no credentials, no calls (an empty environment, or --from)
 *   --from <listing.json>     with --dry-run: plan against a listing saved by --save-listing
 *   --diff                    read the environment and print the plan, change nothing (exit 2 if it differs)
 *   --save-listing <file>     write what was read (variable values replaced by their sha256)
 *   --recreate-indexes        drop and recreate indexes whose keys or uniqueness differ
 *   --upload-miniprogram --private-key <path> --version <x.y.z> [--desc <text>]
 *                             upload the mini-program with miniprogram-ci (appid from project.config.json)
 *
 * Credentials come from TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for
 * temporary keys); each function's variables (config.json "envVariables") from this shell's environment.
 * Exit status: 0 done, 1 failed or an index change skipped, 2 `--diff` found differences, 64 usage.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { applyPlan, readListing, redactListing } from './apply';
import { formatPlan, planDeploy, type EnvValues } from './plan';
import { loadProject, type ProjectSpec } from './project';
import { emptyListing, type DeployApi, type EnvListing } from './sdk';

export interface DeployArgs {
  env?: string;
  dryRun: boolean;
  from?: string;
  diff: boolean;
  saveListing?: string;
  recreateIndexes: boolean;
  uploadMiniprogram: boolean;
  privateKey?: string;
  version?: string;
  desc?: string;
}

export class UsageError extends Error {}

const VALUE_FLAGS = { '--env': 'env', '--from': 'from', '--save-listing': 'saveListing', '--private-key': 'privateKey', '--version': 'version', '--desc': 'desc' } as const;
const BOOL_FLAGS = { '--dry-run': 'dryRun', '--diff': 'diff', '--recreate-indexes': 'recreateIndexes', '--upload-miniprogram': 'uploadMiniprogram' } as const;

export function parseArgs(argv: readonly string[]): DeployArgs {
  const args: DeployArgs = { dryRun: false, diff: false, recreateIndexes: false, uploadMiniprogram: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    if (flag in VALUE_FLAGS) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      args[VALUE_FLAGS[flag as keyof typeof VALUE_FLAGS]] = value;
    } else if (flag in BOOL_FLAGS) {
      args[BOOL_FLAGS[flag as keyof typeof BOOL_FLAGS]] = true;
    } else {
      throw new UsageError(`unknown argument ${flag}`);
    }
  }
  if (!args.dryRun && !args.env) throw new UsageError('--env <envId> is required (or --dry-run)');
  if (args.from && !args.dryRun) throw new UsageError('--from plans against a saved listing: use it with --dry-run');
  if (args.dryRun && (args.diff || args.saveListing)) throw new UsageError('--dry-run makes no calls: --diff and --save-listing read the environment');
  if (args.uploadMiniprogram && (!args.privateKey || !args.version)) throw new UsageError('--upload-miniprogram needs --private-key <path> and --version <x.y.z>');
  if (!args.uploadMiniprogram && (args.privateKey || args.version || args.desc)) throw new UsageError('--private-key, --version and --desc go with --upload-miniprogram');
  return args;
}

function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'project.config.json')) && existsSync(join(dir, 'database.json'))) return dir;
    if (dirname(dir) === dir) throw new Error('project root (project.config.json + database.json) not found');
  }
}

/** Only the variables the project declares are read from the shell. */
function declaredValues(project: ProjectSpec): EnvValues {
  const names = new Set(project.functions.flatMap((f) => f.env));
  return Object.fromEntries([...names].map((n) => [n, process.env[n]]));
}

function readSavedListing(path: string): EnvListing {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<EnvListing>;
  for (const key of ['envId', 'collectionList', 'collectionDetails', 'safeRules', 'functionList', 'functionDetails'] as const) {
    if (parsed[key] === undefined) throw new UsageError(`${path} is not a saved listing (no "${key}")`);
  }
  return parsed as EnvListing;
}

async function uploadMiniprogram(root: string, appid: string, args: DeployArgs): Promise<void> {
  const ci = await import('miniprogram-ci');
  const project = new ci.Project({
    appid,
    type: 'miniProgram',
    projectPath: root,
    privateKeyPath: resolve(args.privateKey as string),
    ignores: ['node_modules/**/*', 'cloudfunctions/**/*', 'localcloud/**/*', 'test/**/*'],
  });
  const result = await ci.upload({
    project,
    version: args.version as string,
    desc: args.desc ?? `tuanmall ${args.version}`,
    setting: { useProjectConfig: true },
    onProgressUpdate: () => undefined,
  });
  console.log(`uploaded mini-program ${appid} version ${args.version}${result.subPackageInfo ? ` (${result.subPackageInfo.map((p) => `${p.name} ${p.size} B`).join(', ')})` : ''}`);
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const root = projectRoot();
  const project = loadProject(root);
  const values = declaredValues(project);
  const appidSet = project.appid !== '' && project.appid !== 'touristappid';

  if (args.dryRun) {
    const listing = args.from ? readSavedListing(args.from) : emptyListing(args.env ?? '<env>');
    const plan = planDeploy(project, listing, values);
    console.log(`dry run: no credentials used, no calls made; planned against ${args.from ? args.from : 'an empty environment'}`);
    console.log(formatPlan(plan));
    if (args.uploadMiniprogram) console.log(`would upload the mini-program ${project.appid} version ${args.version}`);
    if (!appidSet) console.log('A real run needs the mini-program\'s AppID in project.config.json (it has the "touristappid" placeholder).');
    if (plan.blockers.length) console.log('A real run would stop before changing anything (see "Cannot apply").');
    return 0;
  }

  // Everything that can be checked without the network is checked before the first call.
  const missing = planDeploy(project, emptyListing(args.env as string), values).blockers;
  if (missing.length && !args.diff) throw new UsageError(`nothing was changed:\n  ${missing.join('\n  ')}`);
  if (!appidSet) throw new UsageError('project.config.json still has the "touristappid" placeholder: set the mini-program\'s AppID (the security-rule API needs it)');
  if (args.uploadMiniprogram && !existsSync(args.privateKey as string)) throw new UsageError(`private key ${args.privateKey} not found`);
  const secretId = process.env.TENCENTCLOUD_SECRETID;
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY;
  if (!secretId || !secretKey) throw new UsageError('set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for temporary keys)');

  const { default: CloudBase } = await import('@cloudbase/manager-node');
  const api: DeployApi = new CloudBase({ secretId, secretKey, token: process.env.TENCENTCLOUD_SESSIONTOKEN, envId: args.env });
  const target = { envId: args.env as string, appid: project.appid };
  const listing = await readListing(api, project, target);
  if (args.saveListing) {
    writeFileSync(args.saveListing, `${JSON.stringify(redactListing(listing), null, 2)}\n`);
    console.log(`saved the listing (variable values as sha256) to ${args.saveListing}`);
  }
  const plan = planDeploy(project, listing, values);
  console.log(formatPlan(plan));
  if (args.diff) return plan.changes.length ? 2 : 0;

  const result = await applyPlan(api, plan, project, listing, { ...target, functionsRoot: project.functionsRoot, values, recreateIndexes: args.recreateIndexes, log: (l) => console.log(l) });
  const after = planDeploy(project, await readListing(api, project, target), values);
  const left = after.changes.filter((c) => !result.skipped.some((s) => s.kind === c.kind && JSON.stringify(s) === JSON.stringify(c)));
  console.log(`changed ${result.applied.length}; ${left.length ? `${left.length} still differ on re-reading (some changes take a moment to show):\n${formatPlan(after)}` : 'the environment now matches the project'}`);
  if (args.uploadMiniprogram) await uploadMiniprogram(root, project.appid, args);
  if (result.skipped.length) {
    console.log(`${result.skipped.length} index change(s) skipped: run again with --recreate-indexes once duplicates are resolved`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof UsageError ? `deploy: ${err.message}` : err);
      process.exit(err instanceof UsageError ? 64 : 1);
    },
  );
}
