import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, parseArgs, UsageError } from '../../scripts/deploy/main';
import { applyPlan, readListing, redactListing } from '../../scripts/deploy/apply';
import { planDeploy } from '../../scripts/deploy/plan';
import { loadProject } from '../../scripts/deploy/project';
import { FakeEnv } from './fixtures/fake-env';

const ROOT = join(__dirname, '..', '..');

describe('npm run deploy', () => {
  describe('its arguments', () => {
    it('reads the environment, the flags and the mini-program upload', () => {
      expect(parseArgs(['--env', 'prod-1', '--recreate-indexes', '--upload-miniprogram', '--private-key', 'k.key', '--version', '1.2.0', '--desc', 'spring'])).toEqual({
        env: 'prod-1', dryRun: false, diff: false, recreateIndexes: true, uploadMiniprogram: true, privateKey: 'k.key', version: '1.2.0', desc: 'spring',
      });
    });

    it.each([
      [[], /--env/],
      [['--env'], /needs a value/],
      [['--env', 'x', '--from', 'l.json'], /--dry-run/],
      [['--dry-run', '--diff'], /no calls/],
      [['--env', 'x', '--upload-miniprogram'], /--private-key/],
      [['--env', 'x', '--version', '1.0.0'], /go with --upload-miniprogram/],
      [['--env', 'x', '--force'], /unknown argument --force/],
    ])('refuses %j', (argv, message) => {
      expect(() => parseArgs(argv)).toThrow(UsageError);
      expect(() => parseArgs(argv)).toThrow(message);
    });
  });

  describe('a real run', () => {
    it('stops before any call when a declared variable is missing, naming it', async () => {
      const before = process.env.ADMIN_OPENIDS;
      delete process.env.ADMIN_OPENIDS;
      try {
        await expect(main(['--env', 'env-prod'])).rejects.toThrow(/nothing was changed:\n {2}ADMIN_OPENIDS is not set/);
      } finally {
        if (before !== undefined) process.env.ADMIN_OPENIDS = before;
      }
    });
  });

  describe('--dry-run --from a saved listing', () => {
    const project = loadProject(ROOT);
    const names = [...new Set(project.functions.flatMap((f) => f.env))];
    const saved: Record<string, string | undefined> = {};
    let out: string[];

    beforeEach(() => {
      out = [];
      jest.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
      for (const n of names) {
        saved[n] = process.env[n];
        process.env[n] = `value-of-${n}`;
      }
    });
    afterEach(() => {
      jest.restoreAllMocks();
      for (const n of names) if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    });

    it('plans nothing against a listing of an environment it deployed, without credentials', async () => {
      const env = new FakeEnv('env-prod');
      const values = Object.fromEntries(names.map((n) => [n, `value-of-${n}`]));
      const t = { envId: env.envId, appid: 'wx0123456789abcdef' };
      const empty = await readListing(env, project, t);
      await applyPlan(env, planDeploy(project, empty, values), project, empty, { ...t, functionsRoot: project.functionsRoot, values, recreateIndexes: false, log: () => undefined });
      const file = join(mkdtempSync(join(tmpdir(), 'deploy-')), 'listing.json');
      writeFileSync(file, JSON.stringify(redactListing(await readListing(env, project, t))));
      delete process.env.TENCENTCLOUD_SECRETID;

      expect(await main(['--dry-run', '--from', file])).toBe(0);
      expect(out).toEqual([
        `dry run: no credentials used, no calls made; planned against ${file}`,
        'Plan for env-prod: nothing to change',
        'A real run needs the mini-program\'s AppID in project.config.json (it has the "touristappid" placeholder).',
      ]);
    });

    it('against an empty environment, says a real run would stop when a variable is missing', async () => {
      delete process.env.PHONE_KEY;
      expect(await main(['--dry-run'])).toBe(0);
      const text = out.join('\n');
      expect(text).toMatch(/^Plan for <env>: \d+ changes/m);
      expect(text).toMatch(/PHONE_KEY is not set .*\(declared by staff, user\)/);
      expect(text).toMatch(/A real run would stop before changing anything/);
      expect(text).not.toMatch(/value-of-/);
    });
  });
});
