/**
 * One odd file costs only its own guide. Regression: a file over 2 GiB anywhere in a guide's folder,
 * or one that vanished while the build cache hashed the folder, ended the whole build with exit 3.
 */
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { fileFingerprint, hashTree, MAX_HASHED_BYTES } from '../../src/output/build-cache.js';
import { tempDir } from '../helpers/paths.js';
import { writeGuide } from './guide-kit.js';

let root: string;
beforeAll(async () => {
  root = await tempDir('studyguide-odd-files-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('odd files in a guide folder', () => {
  it('a 3 GiB (sparse) file beside the guide is keyed by size and date, not read, and the guide builds', async () => {
    const content = path.join(root, 'content');
    const dir = await writeGuide(content, 'test-guide');
    await writeGuide(content, 'other-guide');
    const handle = await open(path.join(dir, 'lesson-video.mp4'), 'w');
    await handle.truncate(3 * 1024 ** 3);
    await handle.close();
    expect(await fileFingerprint(path.join(dir, 'lesson-video.mp4'))).toMatch(/^large file 3221225472 \d+$/);
    await expect(hashTree(dir)).resolves.toMatch(/^[0-9a-f]{64}$/);
    const result = await build({ content, out: path.join(root, 'out'), format: 'html', documents: ['synopsis'] });
    expect(result.failed).toBe(0);
    expect(result.rendered).toBe(2);
    expect(MAX_HASHED_BYTES).toBeLessThan(2 ** 31);
  });

  it('a file that vanishes while the folder is hashed is keyed as such, not an exception', async () => {
    await expect(fileFingerprint(path.join(root, 'gone.md'))).resolves.toMatch(/^unreadable ENOENT \d+$/);
  });
});
