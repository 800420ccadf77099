/**
 * Turn a teacher's .txt or .md file into a source: `sources/<id>.md` with front
 * matter for the teacher to complete and the text, verbatim, as the body.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { ContentError, LimitError, UsageError, isUserError } from '../errors.js';
import { parseFrontMatter } from '../content/parse-front-matter.js';
import { MAX_FILE_BYTES } from '../content/read-text-file.js';
import { SourceFrontMatter, SourceKind, type SourceMeta } from '../content/schema.js';
import { WINDOWS_RESERVED } from '../content/names.js';
import { shorten } from './text-units.js';

export const IMPORT_EXTENSIONS = ['.txt', '.md', '.markdown'] as const;

export interface ImportedSource {
  id: string;
  /** The file it came from, as given. */
  from: string;
  meta: SourceMeta;
  /** The text, verbatim (without a byte-order mark or the original front matter). */
  body: string;
  /** Line ending the file uses, kept for the front matter too. */
  eol: '\n' | '\r\n';
  /** Original front-matter fields the source format has no place for, kept as comments. */
  extra: Record<string, unknown>;
}

/** Read and decode a file: UTF-8 only (with or without BOM), never guessed. */
export async function readSourceFile(file: string): Promise<string> {
  const ext = path.extname(file).toLowerCase();
  if (!(IMPORT_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new UsageError(`cannot import "${file}": only ${IMPORT_EXTENSIONS.join(', ')} files are read`, {
      hint: 'save the document as plain text (UTF-8) with a .txt or .md extension.',
    });
  }
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_FILE_BYTES) {
      throw new LimitError(
        `the file is ${(info.size / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB`,
        {
          location: { file },
          hint: 'split the document or keep only the part the guide will cite.',
        },
      );
    }
    bytes = await readFile(file);
  } catch (cause) {
    if (isUserError(cause)) throw cause;
    throw new UsageError(`cannot read "${file}"`, { hint: 'check the path given to --from.', cause });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new ContentError('the file is not UTF-8 text', {
      location: { file },
      hint: 'save it as UTF-8 (most editors offer this under "Save as… / Encoding").',
      cause,
    });
  }
  if (text.includes('\u0000')) {
    throw new ContentError('the file contains NUL bytes; it is not a text file', {
      location: { file },
      hint: 'save it as UTF-8 text.',
    });
  }
  return text;
}

/** Import one file. `taken` holds ids already used, so that each id is unique. */
export async function importSource(file: string, taken: Set<string>): Promise<ImportedSource> {
  const raw = (await readSourceFile(file)).replace(/^\uFEFF/, '');
  const parsed = parseFrontMatter(file, frontMatterToLf(raw), { required: false });
  const body = parsed.body;
  if (body.trim() === '') {
    throw new ContentError('the file has no text to import', {
      location: { file },
      hint: 'paste the source text into it.',
    });
  }
  const id = uniqueId(slugify(path.basename(file, path.extname(file))), taken);
  const { meta, extra } = mapFrontMatter(parsed.data, id, body, file);
  const crlf = (body.match(/\r\n/g) ?? []).length;
  const lf = (body.match(/\n/g) ?? []).length;
  return { id, from: file, meta, body, eol: crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n', extra };
}

/**
 * CRLF inside the front matter only (the body is left as it is): the YAML
 * reader would otherwise keep a stray carriage return at the end of the last
 * value before the closing fence.
 */
function frontMatterToLf(raw: string): string {
  const block = /^---[^\r\n]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/u.exec(raw);
  return block ? block[0].replace(/\r\n/gu, '\n') + raw.slice(block[0].length) : raw;
}

/** Lower-case letters, digits and hyphens, as source ids need: always a name `isSafeName` accepts. */
export function slugify(name: string, fallback = 'source'): string {
  const slug = name
    .replace(/[øØ]/gu, 'o')
    .replace(/[æÆ]/gu, 'ae')
    .replace(/ß/gu, 'ss')
    .replace(/[łŁ]/gu, 'l')
    .replace(/[đĐ]/gu, 'd')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/g, '');
  // "con.txt" would give the id "con", which no source file may be named on Windows.
  if (WINDOWS_RESERVED.test(slug)) return `${slug}-${fallback}`;
  return slug || fallback;
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

const FIELD_ALIASES: Record<string, keyof SourceMeta> = {
  name: 'title',
  heading: 'title',
  type: 'kind',
  by: 'author',
  authors: 'author',
  writer: 'author',
  creator: 'author',
  source: 'publisher',
  publication: 'publisher',
  site: 'publisher',
  link: 'url',
  href: 'url',
  date: 'published',
  published_at: 'published',
  retrieved: 'accessed',
  description: 'note',
  notes: 'note',
  summary: 'note',
};

/** Keep the fields the source format knows (under their names or common synonyms); everything else becomes a comment. */
function mapFrontMatter(
  data: unknown,
  id: string,
  body: string,
  file: string,
): { meta: SourceMeta; extra: Record<string, unknown> } {
  const input =
    data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const known = Object.keys(SourceFrontMatter.shape) as (keyof SourceMeta)[];
  const candidate: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const lower = key.toLowerCase();
    const field: keyof SourceMeta | undefined = known.find((f) => f === lower) ?? FIELD_ALIASES[lower];
    if (!field || field === 'id' || candidate[field] !== undefined) {
      if (key !== 'id') extra[key] = value;
      continue;
    }
    const coerced = coerceField(field, value);
    const ok = coerced !== undefined && SourceFrontMatter.shape[field].safeParse(coerced).success;
    if (ok) candidate[field] = coerced;
    else extra[key] = value;
  }
  candidate.id = id;
  candidate.title ??= titleOf(body, path.basename(file));
  candidate.kind ??= guessKind(`${file} ${String(candidate.title)} ${body.slice(0, 2000)}`);
  const meta = SourceFrontMatter.parse(candidate);
  return { meta, extra };
}

function coerceField(field: keyof SourceMeta, value: unknown): unknown {
  if (value instanceof Date)
    return field === 'accessed' ? value.toISOString().slice(0, 10) : value.toISOString().slice(0, 10);
  if (Array.isArray(value) && field === 'author') return value.map(String).join(', ');
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  if (field === 'kind') return kindFromWord(value);
  if (field === 'title' || field === 'author' || field === 'publisher' || field === 'note')
    return value.replace(/\s+/gu, ' ').trim();
  return value.trim();
}

/**
 * A heading without its closing hashes ("Title ##" → "Title"): what `replace(/\s+#+$/u, '')` did,
 * scanning back from the end once (the expression backtracked over a long run of spaces from each
 * of its positions: quadratic in a heading of 8 MB).
 */
export function withoutClosingHashes(text: string): string {
  let hashes = text.length;
  while (hashes > 0 && text[hashes - 1] === '#') hashes--;
  if (hashes === text.length) return text;
  let space = hashes;
  while (space > 0 && /\s/u.test(text[space - 1] ?? '')) space--;
  return space === hashes ? text : text.slice(0, space);
}

/** The first Markdown heading, else the first line, shortened. */
export function titleOf(body: string, fallback: string): string {
  const lines = body.split(/\r?\n/u).map((l) => l.trim());
  const heading = lines.find((l) => /^#{1,6}\s+\S/u.test(l));
  const setext = lines.findIndex((l, i) => i > 0 && /^(=+|-+)$/u.test(l) && (lines[i - 1] ?? '') !== '');
  const line =
    (heading === undefined ? undefined : withoutClosingHashes(heading.replace(/^#{1,6}\s+/u, ''))) ??
    (setext > 0 ? lines[setext - 1] : undefined) ??
    lines.find((l) => l !== '') ??
    fallback;
  return shorten(line.replace(/[*_`]+/gu, ''), 72) || fallback;
}

const KIND_WORDS: [RegExp, SourceMeta['kind']][] = [
  [/\breview(ed|s)?\b|\b\d(\.\d)?\s*(\/|out of)\s*(5|10)\b|★/iu, 'review'],
  [/\binterview(ed)?\b|^\s*Q:/imu, 'interview'],
  [/\btranscript\b/iu, 'transcript'],
  [/\bpress release\b|\bfor immediate release\b/iu, 'press-release'],
  [/\bsynopsis\b/iu, 'synopsis'],
  [/\b(plot )?summary\b/iu, 'summary'],
  [/\barticle\b|\bnews\b|\breported\b/iu, 'article'],
];

/** A best guess at the kind of source from words in its name, title and opening; `other` when nothing fits. */
export function guessKind(text: string): SourceMeta['kind'] {
  return KIND_WORDS.find(([pattern]) => pattern.test(text))?.[1] ?? 'other';
}

function kindFromWord(value: string): SourceMeta['kind'] | undefined {
  const word = value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  const parsed = SourceKind.safeParse(word);
  if (parsed.success) return parsed.data;
  const guessed = guessKind(value);
  return guessed === 'other' ? 'other' : guessed;
}

const HINTS: [keyof SourceMeta, string][] = [
  ['author', 'who wrote it'],
  ['publisher', 'where it was published'],
  ['url', 'https://… (the web address, if any)'],
  ['accessed', 'YYYY-MM-DD (when you read it)'],
  ['published', 'the publication date as the source gives it'],
  ['note', 'for teachers: provenance, reliability, anything odd about this copy'],
];

/** The source file: front matter (with commented hints for what is missing), then the body verbatim. */
export function renderSourceFile(source: ImportedSource): string {
  const yaml = stringify(source.meta, { lineWidth: 0 }).trimEnd().split('\n');
  const lines = [
    '---',
    '# DRAFT: made by `studyguide init`. Check the title and kind (review, synopsis, article, interview,',
    '# press-release, summary, transcript, book, other), then fill in what you know and delete the rest.',
    `# Imported from ${commentSafe(path.basename(source.from))}. The text below the closing --- is the source, verbatim: do not edit it.`,
    ...yaml,
    ...HINTS.filter(([field]) => source.meta[field] === undefined).map(([field, hint]) => `# ${field}: ${hint}`),
  ];
  if (Object.keys(source.extra).length > 0) {
    lines.push('# Kept from the original front matter (not fields of the source format):');
    lines.push(
      ...stringify(source.extra, { lineWidth: 0 })
        .trimEnd()
        .split('\n')
        .map((l) => `#   ${l}`),
    );
  }
  lines.push('---');
  return `${lines.join(source.eol)}${source.eol}${source.body}`;
}

/**
 * Text that stays inside one YAML comment line: a file name may hold a line break (or other control
 * characters), which would otherwise end the comment and write front matter of its own.
 */
export function commentSafe(text: string): string {
  return text.replace(
    /[\p{Cc}\u0085\u2028\u2029]/gu,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}
