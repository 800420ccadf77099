import { readFile, stat } from 'node:fs/promises';
import { ContentError, LimitError } from '../errors.js';

/** Largest content file the tool reads (a long book chapter is ~1 MB). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Read a UTF-8 text file, refusing files over the limit and files that are not text. */
export async function readTextFile(file: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ContentError('this is not a regular file', { location: { file } });
    size = info.size;
  } catch (cause) {
    if (cause instanceof ContentError) throw cause;
    throw new ContentError('the file could not be read', {
      location: { file },
      hint: 'check that it exists and that you may read it.',
      cause,
    });
  }
  if (size > MAX_FILE_BYTES) {
    throw new LimitError(`the file is ${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB`, {
      location: { file },
      hint: 'split the source into several files or keep only the part the guide cites.',
    });
  }
  const text = await readFile(file, 'utf8');
  if (text.includes('\u0000')) {
    throw new ContentError('the file contains NUL bytes; it is not a text file', {
      location: { file },
      hint: 'save it as UTF-8 text (.md or .txt).',
    });
  }
  return text;
}
