import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONTENT = path.join(ROOT, 'content');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
/** The bundled guide's original documents, verbatim (see tests/fixtures/originals/README.md). */
export const ORIGINALS = path.join(FIXTURES, 'originals');

export function tempDir(prefix = 'studyguide-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}
