/**
 * The house rules of the source tree (docs/architecture.md): no import circle anywhere in the shared code,
 * pure rules never reach the platform, and a feature's domain code depends only on the kernel and on other
 * features' domain code.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative import of a file (type-only imports included: a circle of types is still a circle). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specs
    .map((s) => resolve(dirname(file), s))
    .map((p) => [p + '.ts', join(p, 'index.ts'), p].find((c) => existsSync(c) && statSync(c).isFile()))
    .filter((p): p is string => !!p);
}

const files = [...sources(join(root, 'domain')), ...sources(join(root, 'server'))];
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => relative(root, f);

/** The first circle found from each file, as a list of files, or none. */
function findCycles(): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (!graph.has(g)) continue;
      if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g].map(rel));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

describe('the source tree', () => {
  it('has no import circle in domain/ and server/', () => {
    expect(findCycles()).toEqual([]);
  });

  it('keeps domain/ pure: no platform, no server code', () => {
    const offenders = [...sources(join(root, 'domain'))].filter((f) => {
      const text = readFileSync(f, 'utf8');
      return /wx-server-sdk|from ['"](\.\.\/)+server\//.test(text) || /\bDate\.now\(\)|Math\.random\(\)/.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''));
    });
    expect(offenders.map(rel)).toEqual([]);
  });

  it('puts every shared file in a feature folder or the kernel', () => {
    const loose = files.filter((f) => dirname(dirname(f)) !== join(root, 'domain') && dirname(dirname(f)) !== join(root, 'server'));
    expect(loose.map(rel)).toEqual([]);
  });
});
