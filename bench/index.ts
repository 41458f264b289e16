/**
 * `npm run bench`: what the product costs, measured on this machine.
 * - per action: database requests and median latency, through the local cloud with the real SDK;
 * - each cloud-function bundle: size (raw and gzip) and cold-load time in a fresh process;
 * - the local cloud's throughput for concurrent point reads and conditional updates;
 * - the mini-program's package sizes;
 * - the `setData` payload per page, from bench/pages (jest with its own config, not part of `npm test`).
 * Prints markdown tables (copy them into docs/benchmarks.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { createLocalCloud, PROJECT_ROOT, type LocalCloud } from '../localcloud';
import { DEMO, seedDemoData } from '../localcloud/seed';
import { scenarios, type Step } from './scenarios';
import { calibrate, installLatency, measure, removeLatency, type Cost } from './latency';

/** Every database request is answered after this long (CONTRACT §4 `DB_LATENCY_MS`): a same-region round trip. */
const LATENCY_MS = 10;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '—');

async function actions(cloud: LocalCloud, ids: Record<string, string>): Promise<string[]> {
  const rows = [
    `| action | db requests | writes | round trips | ms at ${LATENCY_MS} ms a request (median) | p95 ms | runs | failures |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const ctx = { ids, cloud, state: {} as Record<string, unknown> };
  for (const step of scenarios as Step[]) {
    const ms: number[] = [];
    const costs: Cost[] = [];
    let failures = 0;
    let firstError = '';
    for (let i = 0; i < step.runs; i++) {
      const stop = measure();
      try {
        const out = await step.run(ctx, i);
        const call = cloud.host.calls(1)[0];
        if (!out.ok) {
          failures++;
          firstError ||= out.error;
        }
        ms.push(call.ms);
        costs.push(stop());
      } catch (err) {
        stop();
        failures++;
        firstError ||= String((err as Error).message ?? err);
      }
    }
    const p95 = [...ms].sort((a, b) => a - b)[Math.max(0, Math.ceil(ms.length * 0.95) - 1)];
    const med = (k: keyof Cost) => fmt(median(costs.map((c) => c[k])), 0);
    rows.push(`| ${step.name} | ${med('requests')} | ${med('writes')} | ${med('roundTrips')} | ${fmt(median(ms), 0)} | ${fmt(p95 ?? NaN, 0)} | ${step.runs} | ${failures}${firstError ? ` (${firstError.slice(0, 60)})` : ''} |`);
  }
  return rows;
}

function bundles(): string[] {
  const dir = join(PROJECT_ROOT, 'cloudfunctions');
  const rows = ['| function | bundle KiB | gzip KiB | cold load ms (bundle only, median of 3) | cold load ms (with wx-server-sdk) |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name, 'index.js');
    if (!existsSync(file)) continue;
    const code = readFileSync(file);
    const runs: { sdk: number; own: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const out = execFileSync(process.execPath, ['-e', `
        const { performance } = require('perf_hooks');
        const t0 = performance.now(); require(${JSON.stringify(require.resolve('wx-server-sdk'))}); const t1 = performance.now();
        const Module = require('module'); const orig = Module._resolveFilename;
        Module._resolveFilename = function (r, ...a) { return r === 'wx-server-sdk' ? ${JSON.stringify(require.resolve('wx-server-sdk'))} : orig.call(this, r, ...a); };
        require(${JSON.stringify(file)}); const t2 = performance.now();
        process.stdout.write(JSON.stringify({ sdk: t1 - t0, own: t2 - t1 }));`], { cwd: dirname(file) });
      runs.push(JSON.parse(out.toString()) as { sdk: number; own: number });
    }
    const own = median(runs.map((r) => r.own));
    const total = median(runs.map((r) => r.own + r.sdk));
    rows.push(`| ${name} | ${fmt(code.length / 1024)} | ${fmt(gzipSync(code).length / 1024)} | ${fmt(own)} | ${fmt(total)} |`);
  }
  return rows;
}

function dirname(p: string) {
  return p.slice(0, p.lastIndexOf('/'));
}

async function throughput(): Promise<string[]> {
  const cloud = createLocalCloud({ dataDir: null });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk');
  sdk.init({ env: 'local' });
  const db = sdk.database();
  const _ = db.command;
  const coll = db.collection('skus');
  const N = 200;
  for (let i = 0; i < N; i++) await coll.add({ data: { _id: `bench-${i}`, productId: 'p', name: 'n', priceFen: 100, stock: 1_000_000 } });
  const rows = ['| operation | concurrency | ops | ops/s |', '| --- | ---: | ---: | ---: |'];
  const run = async (label: string, total: number, concurrency: number, op: (i: number) => Promise<unknown>) => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < total) await op(next++);
    }));
    const s = (performance.now() - t0) / 1000;
    rows.push(`| ${label} | ${concurrency} | ${total} | ${fmt(total / s, 0)} |`);
  };
  await run('point read `doc(id).get()`', 5000, 50, (i) => coll.doc(`bench-${i % N}`).get());
  await run('conditional update `where({_id, stock: gte(1)}).update(inc(-1))`', 5000, 50, (i) => coll.where({ _id: `bench-${i % N}`, stock: _.gte(1) }).update({ data: { stock: _.inc(-1) } }));
  await run('transaction: read + update one hot document', 500, 20, () => db.runTransaction(async (t: any) => {
    const d = (await t.collection('skus').doc('bench-0').get()).data;
    await t.collection('skus').doc('bench-0').update({ data: { stock: d.stock - 1 } });
  }).catch(() => undefined));
  cloud.close();
  return rows;
}

function packageSizes(): string[] {
  const root = join(PROJECT_ROOT, 'miniprogram');
  if (!existsSync(join(root, 'app.json'))) return ['(no mini-program yet)'];
  const app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as { subpackages?: { root: string }[]; subPackages?: { root: string }[] };
  const subs = (app.subpackages ?? app.subPackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const sizes = new Map<string, number>([['main', 0], ...subs.map((s) => [s, 0] as [string, number])]);
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (!/\.(md|d\.ts)$/.test(f) && !f.endsWith('.map')) {
        const rel = relative(root, p);
        const pkg = subs.find((s) => rel.startsWith(s + '/')) ?? 'main';
        sizes.set(pkg, (sizes.get(pkg) ?? 0) + statSync(p).size);
      }
    }
  };
  walk(root);
  const rows = ['| package | KiB (source; DevTools strips types, npm packed in main) | limit |', '| --- | ---: | ---: |'];
  for (const [k, v] of sizes) rows.push(`| ${k} | ${fmt(v / 1024)} | ${k === 'main' ? '2048' : '2048'} |`);
  return rows;
}

/** Runs bench/pages (every page mounted on demo-sized data) and answers the table it writes. */
function setDataPayloads(): string {
  const table = join(PROJECT_ROOT, '.tmp', 'setdata.md');
  rmSync(table, { force: true });
  const run = spawnSync('npx', ['jest', '-c', 'bench/pages/jest.config.js', '--silent'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (run.status !== 0 || !existsSync(table)) {
    process.exitCode = 1;
    return `(bench/pages failed, exit ${run.status ?? run.signal})\n\n${run.stderr || run.stdout || String(run.error ?? '')}`;
  }
  return readFileSync(table, 'utf8').trimEnd();
}

async function main(): Promise<void> {
  installLatency(LATENCY_MS);
  const cloud = createLocalCloud({ dataDir: null });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk');
  sdk.init({ env: 'local' });
  const delayedBy = await calibrate(() => sdk.database().collection('settings').where({ _id: 'bench-calibration' }).get(), LATENCY_MS);
  let ids: Record<string, string> = {};
  try {
    ids = await seedDemoData(cloud);
    // A reward the bench shoppers can afford after their check-ins (the demo's cheapest costs 500).
    const cheap = (await cloud.invoke('admin', { action: 'createReward', title: '满减券', kind: 'coupon', costPoints: 10, stock: 1000 }, { openid: DEMO.admin })) as { data: { rewardId: string } };
    ids.cheapRewardId = cheap.data.rewardId;
  } catch (err) {
    console.log(`> seed failed: ${(err as Error).message}`);
  }
  console.log(`# Benchmarks (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${require('node:os').cpus().length} cores)\n`);
  console.log(`## Actions through the local cloud, every database request answered after ${LATENCY_MS} ms (delayed by the ${delayedBy})\n`);
  console.log((await actions(cloud, ids)).join('\n'));
  cloud.close();
  removeLatency();
  // `npm run bench -- --actions`: the actions table alone (while working on a path).
  if (process.argv.includes('--actions')) return;
  console.log('\n## Cloud-function bundles\n');
  console.log(bundles().join('\n'));
  console.log('\n## Local cloud database throughput (in-process, real SDK)\n');
  console.log((await throughput()).join('\n'));
  console.log('\n## Mini-program packages\n');
  console.log(packageSizes().join('\n'));
  console.log('\n## setData payload per page\n');
  console.log(setDataPayloads());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
