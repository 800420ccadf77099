import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ContentError, type StudyguideError, isUserError } from '../errors.js';
import { checkCitations } from './check-citations.js';
import { sourcesMentioning } from './find-mentions.js';
import type { GuideRef } from './find-guides.js';
import { loadSource, type LoadedSource } from './load-source.js';
import { parseFrontMatter } from './parse-front-matter.js';
import { readTextFile } from './read-text-file.js';
import { GuideFrontMatter, type GuideMeta } from './schema.js';
import { validateFrontMatter } from './validate.js';

export const SOURCES_DIR = 'sources';

export interface LoadedGuide {
  slug: string;
  dir: string;
  file: string;
  meta: GuideMeta;
  /** The synopsis, Markdown, with inline citations. */
  body: string;
  sources: LoadedSource[];
  sourceById: ReadonlyMap<string, LoadedSource>;
  /** person id → ids of the sources that mention the person. */
  mentions: ReadonlyMap<string, string[]>;
  /** Every file the guide was made from (for the build cache and watch mode). */
  inputs: string[];
}

export interface LoadResult {
  ref: GuideRef;
  guide?: LoadedGuide;
  errors: StudyguideError[];
}

/** Load, validate and check one guide. Never throws a user error: every problem found is returned. */
export async function loadGuide(ref: GuideRef): Promise<LoadResult> {
  const errors: StudyguideError[] = [];
  const unavailable = new Set<string>();
  const sources = await loadSources(ref, errors, unavailable);
  let raw: string;
  let parsed;
  try {
    raw = await readTextFile(ref.file);
    parsed = parseFrontMatter(ref.file, raw);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { ref, errors: [...errors, error] };
  }
  const { data: meta, errors: schemaErrors } = validateFrontMatter(GuideFrontMatter, parsed);
  errors.push(...schemaErrors);
  if (!meta) return { ref, errors };
  errors.push(...uniqueIdErrors(ref.file, meta, parsed.lineOf));
  const sourceById = new Map(sources.map((s) => [s.id, s]));
  errors.push(...checkCitations(parsed, meta, sourceById, unavailable));
  if (errors.length > 0) return { ref, errors };
  const mentions = new Map(meta.people.map((p) => [p.id, sourcesMentioning([p.name, ...p.aliases], sources)]));
  return {
    ref,
    errors,
    guide: {
      slug: ref.slug,
      dir: ref.dir,
      file: ref.file,
      meta,
      body: parsed.body,
      sources,
      sourceById,
      mentions,
      inputs: [ref.file, ...sources.map((s) => s.file)],
    },
  };
}

async function loadSources(
  ref: GuideRef,
  errors: StudyguideError[],
  unavailable: Set<string>,
): Promise<LoadedSource[]> {
  const dir = path.join(ref.dir, SOURCES_DIR);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  } catch {
    names = [];
  }
  if (names.length === 0) {
    errors.push(
      new ContentError('the guide has no sources', {
        location: { file: dir },
        hint: 'add one Markdown file per source document in sources/ (front matter: id, title, kind; the text verbatim below it).',
      }),
    );
    return [];
  }
  const loaded: LoadedSource[] = [];
  for (const name of names) {
    const { source, errors: sourceErrors } = await loadSource(path.join(dir, name));
    errors.push(...sourceErrors);
    if (source) loaded.push(source);
    else unavailable.add(path.basename(name, '.md'));
  }
  return loaded;
}

function uniqueIdErrors(
  file: string,
  meta: GuideMeta,
  lineOf: (p: readonly PropertyKey[]) => number | undefined,
): StudyguideError[] {
  const errors: StudyguideError[] = [];
  const seen = new Set<string>();
  meta.people.forEach((person, i) => {
    if (seen.has(person.id)) {
      errors.push(
        new ContentError(`two people share the id "${person.id}"`, {
          location: { file, line: lineOf(['people', i, 'id']), field: `people[${i}].id` },
          hint: 'give each person a different id.',
        }),
      );
    }
    seen.add(person.id);
  });
  meta.comparison.forEach((topic, t) => {
    const ids = new Set<string>();
    topic.sources.forEach((entry, i) => {
      if (ids.has(entry.source)) {
        errors.push(
          new ContentError(`the topic "${topic.topic}" lists source "${entry.source}" twice`, {
            location: { file, line: lineOf(['comparison', t, 'sources', i]), field: `comparison[${t}].sources[${i}]` },
            hint: 'give each source one entry per topic; put everything it says in that entry.',
          }),
        );
      }
      ids.add(entry.source);
    });
  });
  return errors;
}
