/**
 * Outputs are written atomically: to a temporary file in the same folder, then
 * renamed over the target. A build killed at any moment (even SIGKILL) leaves
 * either the old file or the new one at an output path, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../errors.js';

const pending = new Set<string>();

export const TEMP_MARK = '.studyguide-tmp-';

export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `${TEMP_MARK}${process.pid}-${randomBytes(6).toString('hex')}-${path.basename(file)}`);
  try {
    await mkdir(dir, { recursive: true });
    pending.add(temp);
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (cause) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new OutputError(`could not write ${file}`, {
      location: { file },
      hint: 'check that the output folder is writable and the disk is not full.',
      cause,
    });
  } finally {
    pending.delete(temp);
  }
}

/** Remove temporary files of writes still under way (on SIGINT/SIGTERM). */
export async function removePendingTempFiles(): Promise<void> {
  await Promise.all([...pending].map((f) => rm(f, { force: true }).catch(() => undefined)));
  pending.clear();
}

/** The same, synchronously: for a process that is about to exit. */
export function removePendingTempFilesSync(): void {
  for (const file of pending) {
    try {
      rmSync(file, { force: true });
    } catch {
      // Nothing more can be done on the way out.
    }
  }
  pending.clear();
}
