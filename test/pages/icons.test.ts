import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const icons = require('../../scripts/icons.js') as { render(): { names: string[]; text: string }; usedNames(): string[] };

describe('the vendored TDesign icons (miniprogram/icons.less)', () => {
  it('holds every icon the templates and TDesign use, as generated now (run node scripts/icons.js when it fails)', () => {
    const file = readFileSync(join(__dirname, '../../miniprogram/icons.less'), 'utf8');
    expect(file).toBe(icons.render().text);
  });

  it('draws each icon from an inline SVG, never from a URL of another host', () => {
    const { names, text } = icons.render();
    expect(names).toEqual(expect.arrayContaining(['cart', 'chevron-right', 'check', 'add', 'remove', 'search', 'share', 'home', 'discount']));
    for (const name of names) expect(text).toContain(`.t-icon-${name}::before { --tm-icon: url("data:image/svg+xml,`);
    // The SVG namespace is a name, not a fetch; nothing else may point off the phone.
    expect(text.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')).not.toMatch(/https?:\/\//);
  });
});
