import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject, packageHash } from '../../scripts/deploy/project';

const ROOT = join(__dirname, '..', '..');

describe('the project as deploy reads it', () => {
  const project = loadProject(ROOT);

  it('declares, in each config.json, every environment variable its built bundle reads', () => {
    const undeclared: string[] = [];
    for (const fn of project.functions) {
      const bundle = readFileSync(join(project.functionsRoot, fn.name, 'index.js'), 'utf8');
      const read = new Set([...bundle.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g), ...bundle.matchAll(/\bsecret\("([A-Z][A-Z0-9_]*)"\)/g)].map((m) => m[1] as string));
      for (const name of read) if (!fn.env.includes(name)) undeclared.push(`${fn.name}: ${name}`);
    }
    expect(undeclared).toEqual([]);
  });

  it('uploads the built package, not the TypeScript next to it', () => {
    for (const fn of project.functions) expect(fn.files).toEqual(['config.json', 'index.js', 'package.json']);
  });
});

describe('the package hash', () => {
  const files = [
    { path: 'index.js', content: 'exports.main = 1' },
    { path: 'package.json', content: '{}' },
  ];

  it('does not depend on the order files are listed in', () => {
    expect(packageHash([...files].reverse())).toBe(packageHash(files));
  });

  it('changes with one byte of content or a renamed file', () => {
    expect(packageHash([{ ...files[0]!, content: 'exports.main = 2' }, files[1]!])).not.toBe(packageHash(files));
    expect(packageHash([{ ...files[0]!, path: 'main.js' }, files[1]!])).not.toBe(packageHash(files));
  });
});
