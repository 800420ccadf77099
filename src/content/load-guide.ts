import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ContentError, LimitError, type StudyguideError, isUserError } from '../errors.js';
import { checkCitations } from './check-citations.js';
import { MentionWork, sourcesMentioning } from './find-mentions.js';
import { guideFolder, type GuideRef } from './find-guides.js';
import { GUIDE_MD, GUIDE_YAML, GUIDE_YML, SYNOPSIS_MD, guideLayout, type GuideLayout } from './guide-files.js';
import { loadSource, type LoadedSource } from './load-source.js';
import { parseFrontMatter, parseYamlFile, type ParsedFile } from './parse-front-matter.js';
import { readTextFile } from './read-text-file.js';
import { GuideFrontMatter, type GuideMeta } from './schema.js';
import { formatFieldPath, validateFrontMatter } from './validate.js';

export const SOURCES_DIR = 'sources';

export interface LoadedGuide {
  slug: string;
  /** The guide's folder under the content folder ("year-9/<slug>"); outputs mirror it. */
  folder: string;
  dir: string;
  /** guide.md, or guide.yaml: the file the fields come from. */
  file: string;
  meta: GuideMeta;
  /** The synopsis, Markdown, with inline citations. */
  body: string;
  /** The file the synopsis comes from: `file` itself (guide.md), or synopsis.md beside guide.yaml. */
  bodyFile: string;
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
  // Found with problems (a bad folder name, a slug two guides share): it fails without being read.
  if (ref.problems?.length) return { ref, errors: [...ref.problems] };
  const errors: StudyguideError[] = [];
  const unavailable = new Set<string>();
  const sources = await loadSources(ref, errors, unavailable);
  let parsed: ParsedFile;
  try {
    parsed = await readGuideFiles(ref);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { ref, errors: [...errors, error] };
  }
  const { data: meta, errors: schemaErrors } = validateFrontMatter(GuideFrontMatter, parsed);
  errors.push(...schemaErrors);
  if (!meta) return { ref, errors };
  errors.push(...uniqueIdErrors(parsed.file, meta, parsed.lineOf));
  const sourceById = new Map(sources.map((s) => [s.id, s]));
  errors.push(...checkCitations(parsed, meta, sourceById, unavailable));
  if (errors.length > 0) return { ref, errors };
  const mentions = new Map<string, string[]>();
  const work = new MentionWork();
  for (const [i, p] of meta.people.entries()) {
    try {
      mentions.set(p.id, sourcesMentioning([p.name, ...p.aliases], sources, work));
    } catch (error) {
      if (!(error instanceof LimitError)) throw error;
      const path = ['people', i, 'aliases'];
      const location = { file: parsed.file, line: parsed.lineOf(path), field: formatFieldPath(path) };
      return { ref, errors: [new LimitError(error.message, { location, hint: error.hint, cause: error })] };
    }
  }
  return {
    ref,
    errors,
    guide: {
      slug: ref.slug,
      folder: guideFolder(ref),
      dir: ref.dir,
      file: parsed.file,
      meta,
      body: parsed.body,
      bodyFile: parsed.bodyFile,
      sources,
      sourceById,
      mentions,
      inputs: [...new Set([parsed.file, parsed.bodyFile]), ...sources.map((s) => s.file)],
    },
  };
}

/** Read the guide's fields and synopsis, from guide.md or from guide.yaml + synopsis.md. */
async function readGuideFiles(ref: GuideRef): Promise<ParsedFile> {
  const children = await readdir(ref.dir).catch(() => undefined);
  // An unreadable folder: reading the file says why.
  const layout = children ? guideLayout(children) : { form: 'md' as const, guide: GUIDE_MD };
  if ('problem' in layout) throw layoutError(ref.dir, layout.problem);
  if (layout.form === 'md') {
    const file = children ? path.join(ref.dir, GUIDE_MD) : ref.file;
    return parseFrontMatter(file, await readTextFile(file, { within: ref.dir }));
  }
  const file = path.join(ref.dir, GUIDE_YAML);
  const bodyFile = path.join(ref.dir, SYNOPSIS_MD);
  const fields = parseYamlFile(file, await readTextFile(file, { within: ref.dir }));
  const body = (await readTextFile(bodyFile, { within: ref.dir })).replace(/^\uFEFF/, '');
  if (/^---[ \t]*\r?\n/.test(body)) {
    throw new ContentError('synopsis.md starts with a "---" line, as front matter would', {
      location: { file: bodyFile, line: 1 },
      hint: 'beside guide.yaml, every field belongs in guide.yaml and synopsis.md holds only the Markdown; move the fields and remove the "---" lines (begin with *** for a rule).',
    });
  }
  return { ...fields, body, bodyLine: 1, bodyFile };
}

function layoutError(dir: string, problem: Extract<GuideLayout, { problem: string }>['problem']): ContentError {
  const at = (name: string) => ({ file: path.join(dir, name) });
  switch (problem) {
    case 'both':
      return new ContentError(`the guide has both ${GUIDE_MD} and ${GUIDE_YAML}; it must have one`, {
        location: { file: dir },
        hint: `keep ${GUIDE_MD} (front matter + synopsis) or ${GUIDE_YAML} with ${SYNOPSIS_MD}, and delete or rename the other.`,
      });
    case 'yml':
      return new ContentError(`${GUIDE_YML} is not read`, {
        location: at(GUIDE_YML),
        hint: `rename it to ${GUIDE_YAML} (with the synopsis in ${SYNOPSIS_MD} beside it).`,
      });
    case 'no-synopsis':
      return new ContentError(`${GUIDE_YAML} needs ${SYNOPSIS_MD} beside it`, {
        location: at(SYNOPSIS_MD),
        hint: `create ${SYNOPSIS_MD} with the synopsis in Markdown (cite inline as [@source-id "quote"]).`,
      });
    case 'stray-synopsis':
      return new ContentError(`${SYNOPSIS_MD} is read only beside ${GUIDE_YAML}, but this guide is a ${GUIDE_MD}`, {
        location: at(SYNOPSIS_MD),
        hint: `put the synopsis below the front matter of ${GUIDE_MD} and delete ${SYNOPSIS_MD}, or move the front matter into ${GUIDE_YAML}.`,
      });
    case 'none':
      return new ContentError(`the folder has no ${GUIDE_MD} or ${GUIDE_YAML}`, {
        location: { file: dir },
        hint: `create ${GUIDE_MD} (front matter + synopsis) or ${GUIDE_YAML} with ${SYNOPSIS_MD}.`,
      });
  }
}

async function loadSources(
  ref: GuideRef,
  errors: StudyguideError[],
  unavailable: Set<string>,
): Promise<LoadedSource[]> {
  const dir = path.join(ref.dir, SOURCES_DIR);
  let all: string[];
  try {
    all = await readdir(dir);
  } catch {
    all = [];
  }
  const names = all.filter((n) => n.endsWith('.md')).sort();
  // Only the guide may keep its fields in a .yaml file; a source's stay with its verbatim text.
  for (const name of all.filter((n) => /\.ya?ml$/.test(n)).sort()) {
    errors.push(
      new ContentError('a source keeps its front matter in its .md file; this file is not read', {
        location: { file: path.join(dir, name) },
        hint: `move its fields into the front matter of sources/${name.replace(/\.ya?ml$/, '.md')} (between "---" lines above the text), and delete ${name}.`,
      }),
    );
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
    const { source, errors: sourceErrors } = await loadSource(path.join(dir, name), ref.dir);
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
