import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ContentError, LimitError } from '../errors.js';

/** Largest content file the tool reads (a long book chapter is ~1 MB). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface ReadTextOptions {
  /**
   * The folder the file must lie in, links resolved: a content file that is a symbolic link (or
   * sits in a linked folder) pointing elsewhere is refused, so no text from outside the guide's
   * folder reaches a PDF, the HTML or a message.
   */
  within?: string;
}

/** Read a UTF-8 text file, refusing files over the limit, files that are not text, and links out of `within`. */
export async function readTextFile(file: string, options: ReadTextOptions = {}): Promise<string> {
  if (options.within !== undefined) await refuseOutside(file, options.within);
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

async function refuseOutside(file: string, within: string): Promise<void> {
  let real: string;
  let root: string;
  try {
    [real, root] = await Promise.all([realpath(file), realpath(within)]);
  } catch {
    return; // a file that cannot be resolved cannot be read either: reading it says why
  }
  if (real === root || real.startsWith(root + path.sep)) return;
  throw new ContentError(
    "this file is a link to a file outside the guide's folder; studyguide reads only files inside it",
    {
      location: { file },
      hint: "copy the file into the guide's folder instead of linking to it.",
    },
  );
}
