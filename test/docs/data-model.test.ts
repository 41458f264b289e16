/** docs/data-model.md is generated from database.json: this fails when someone edits one and not the other. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { render } = require('../../scripts/data-model-doc.js') as { render: () => string };

describe('the data model page', () => {
  it('is what database.json says (run `node scripts/data-model-doc.js` after changing the schema)', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'data-model.md'), 'utf8')).toBe(render());
  });

  it('lists every collection the local cloud creates', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'database.json'), 'utf8')) as { collections: Record<string, unknown> };
    for (const name of Object.keys(schema.collections)) expect(render()).toContain(`| \`${name}\` |`);
  });
});
