// Reads the shared real-format pastes in test/fixtures/ for the fixture tables.
import * as fs from 'node:fs';
import * as path from 'node:path';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');

export function sample(relativePath: string): string {
  return fs.readFileSync(path.join(FIXTURES, relativePath), 'utf8');
}
