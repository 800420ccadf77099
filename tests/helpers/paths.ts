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

/**
 * The environment of a machine with no browser: none named (STUDYGUIDE_CHROME and friends, a
 * remote endpoint), none where systems install one, and an empty Puppeteer cache under `emptyDir`.
 */
export function noBrowserEnv(emptyDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'STUDYGUIDE_CHROME',
    'PUPPETEER_EXECUTABLE_PATH',
    'CHROME_PATH',
    'STUDYGUIDE_BROWSER_WS_ENDPOINT',
  ]) {
    delete env[name];
  }
  return { ...env, STUDYGUIDE_CHROME_CANDIDATES: '', PUPPETEER_CACHE_DIR: emptyDir, ...extra };
}
