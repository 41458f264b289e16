/** docs/data-model.md is generated from database.json: this fails when someone edits one and not the other. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { render } = require('../../scripts/data-model-doc.js') as { render: () => string };

describe('the data model page', () => {
  it('is what database.json says (run `node scripts/data-model-doc.js` after changing the schema)', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'data-model.md'), 'utf8')).toBe(render());
  });
});
