/** A fingerprint of a folder (every path, file content and symlink), to prove that a command changed nothing. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export async function hashFolder(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (rel: string): Promise<void> => {
    const entries = (await readdir(path.join(dir, rel), { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    );
    for (const entry of entries) {
      const child = path.join(rel, entry.name);
      hash.update(`${entry.isDirectory() ? 'd' : 'f'} ${child}\n`);
      if (entry.isDirectory()) await walk(child);
      else hash.update(await readFile(path.join(dir, child)));
    }
  };
  await walk('.');
  return hash.digest('hex');
}
