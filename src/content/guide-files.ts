/**
 * The files a guide folder may hold. A guide is either one `guide.md` (YAML
 * front matter + the synopsis) or `guide.yaml` (the same fields, a plain YAML
 * file that editors validate against schema/guide.schema.json) with the
 * synopsis in `synopsis.md`. Exactly one form per guide.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const GUIDE_MD = 'guide.md';
export const GUIDE_YAML = 'guide.yaml';
export const SYNOPSIS_MD = 'synopsis.md';
/** A common misspelling of guide.yaml: found, so that it is reported instead of silently skipped. */
export const GUIDE_YML = 'guide.yml';

/** The two forms `init --format` can draft: one guide.md, or guide.yaml + synopsis.md. */
export const GUIDE_FORMATS = ['md', 'yaml'] as const;
export type GuideFormat = (typeof GUIDE_FORMATS)[number];

/** The files that make a folder a guide (or one to report as misnamed). */
export const GUIDE_FILES: readonly string[] = [GUIDE_MD, GUIDE_YAML, GUIDE_YML];

/** Every file of a guide's own (besides sources/): what `init --force` replaces. */
export const GUIDE_OWN_FILES: readonly string[] = [GUIDE_MD, GUIDE_YAML, SYNOPSIS_MD];

/** Whether a folder with these entries is a guide. */
export function isGuideFolder(children: readonly string[]): boolean {
  return GUIDE_FILES.some((name) => children.includes(name));
}

/** The main file of a guide folder: guide.yaml when it is there, else guide.md. */
export function guideFileName(children: readonly string[]): string {
  return children.includes(GUIDE_YAML) ? GUIDE_YAML : GUIDE_MD;
}

export type GuideLayout =
  | { form: 'md'; guide: typeof GUIDE_MD }
  | { form: 'yaml'; guide: typeof GUIDE_YAML; synopsis: typeof SYNOPSIS_MD }
  | { problem: 'both' | 'yml' | 'no-synopsis' | 'stray-synopsis' | 'none' };

/** Which form a guide folder is in, from its entries; a problem when it is not exactly one. */
export function guideLayout(children: readonly string[]): GuideLayout {
  const has = (name: string) => children.includes(name);
  if (has(GUIDE_MD) && has(GUIDE_YAML)) return { problem: 'both' };
  if (has(GUIDE_YML) && !has(GUIDE_YAML)) return { problem: 'yml' };
  if (has(GUIDE_YAML))
    return has(SYNOPSIS_MD) ? { form: 'yaml', guide: GUIDE_YAML, synopsis: SYNOPSIS_MD } : { problem: 'no-synopsis' };
  if (has(GUIDE_MD)) return has(SYNOPSIS_MD) ? { problem: 'stray-synopsis' } : { form: 'md', guide: GUIDE_MD };
  return { problem: 'none' };
}

/** The modeline that points the YAML language server at the schema, from a guide.yaml (a relative path or a URL). */
export function schemaModeline(schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}`;
}

/**
 * Split a guide.md's text into guide.yaml and synopsis.md, keeping every line
 * (comments included) as written. Undefined when the text has no closed front matter.
 */
export function splitGuideMarkdown(text: string): { yaml: string; synopsis: string } | undefined {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return undefined;
  return { yaml: match[1] ?? '', synopsis: text.slice(match[0].length).replace(/^(\r?\n)+/, '') };
}

/** The guide schema shipped with this copy of studyguide (src/ and dist/ sit side by side with schema/). */
export const GUIDE_SCHEMA_FILE = fileURLToPath(new URL('../../schema/guide.schema.json', import.meta.url));

/** How a guide.yaml in `guideDir` refers to the shipped schema: a relative path, or a file URL across drives. */
export function schemaRefFrom(guideDir: string): string {
  const relative = path.relative(path.resolve(guideDir), GUIDE_SCHEMA_FILE);
  return path.isAbsolute(relative) ? pathToFileURL(GUIDE_SCHEMA_FILE).href : relative.split(path.sep).join('/');
}

/** guide.yaml and synopsis.md for a drafted guide.md, the modeline first so that editors validate it at once. */
export function yamlFormFiles(guideMd: string, guideDir: string): Array<[string, string]> {
  const split = splitGuideMarkdown(guideMd);
  if (!split) throw new Error('the drafted guide.md has no front matter');
  return [
    [GUIDE_YAML, `${schemaModeline(schemaRefFrom(guideDir))}\n${split.yaml}`],
    [SYNOPSIS_MD, split.synopsis],
  ];
}
