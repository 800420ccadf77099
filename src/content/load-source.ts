import path from 'node:path';
import { ContentError, SchemaError, type StudyguideError, isUserError } from '../errors.js';
import { FoldedText } from './normalize-text.js';
import { parseFrontMatter } from './parse-front-matter.js';
import { readTextFile } from './read-text-file.js';
import { RESERVED_HINT, SourceFrontMatter, WINDOWS_RESERVED, isSafeName, type SourceMeta } from './schema.js';
import { validateFrontMatter } from './validate.js';

export interface LoadedSource {
  id: string;
  file: string;
  meta: SourceMeta;
  /** The source text, verbatim. */
  body: string;
  text: FoldedText;
}

export async function loadSource(
  file: string,
  /** The guide's folder: the source must lie inside it (see readTextFile). */
  within?: string,
): Promise<{ source?: LoadedSource; errors: StudyguideError[] }> {
  const expectedId = path.basename(file, '.md');
  if (!isSafeName(expectedId)) {
    return {
      errors: [
        new ContentError(`the source file name "${path.basename(file)}" is not a valid source id`, {
          location: { file },
          hint: WINDOWS_RESERVED.test(expectedId)
            ? RESERVED_HINT
            : 'rename it using lower-case letters, digits and hyphens, ending in .md (e.g. "news-feature.md").',
        }),
      ],
    };
  }
  try {
    const raw = await readTextFile(file, { within });
    const parsed = parseFrontMatter(file, raw);
    const { data, errors } = validateFrontMatter(SourceFrontMatter, parsed);
    if (!data) return { errors };
    if (data.id !== expectedId) {
      return {
        errors: [
          new SchemaError(`the id "${data.id}" does not match the file name "${expectedId}.md"`, {
            location: { file, line: parsed.lineOf(['id']), field: 'id' },
            hint: `set id: ${expectedId}, or rename the file to ${data.id}.md.`,
          }),
        ],
      };
    }
    if (parsed.body.trim() === '') {
      return {
        errors: [
          new ContentError('the source has no text', {
            location: { file, line: parsed.bodyLine },
            hint: 'paste the source text, verbatim, below the closing "---".',
          }),
        ],
      };
    }
    return {
      source: { id: data.id, file, meta: data, body: parsed.body, text: new FoldedText(parsed.body) },
      errors: [],
    };
  } catch (error) {
    if (isUserError(error)) return { errors: [error] };
    throw error;
  }
}
