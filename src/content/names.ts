/**
 * What a slug or source id may be: the one rule that init, finding guides, output paths, the build
 * cache and source files all use. Apart from the schema so that code that only checks names does
 * not load zod.
 */

/** Lower-case letters, digits and single hyphens; no leading or trailing hyphen. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_ID = 64;

/** Names Windows will not create as files or folders, whatever the extension: a slug or file name must not be one. */
export const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** Whether a slug or source id is safe as a file or folder name on every system. */
export function isSafeName(name: string): boolean {
  return SLUG_PATTERN.test(name) && !WINDOWS_RESERVED.test(name) && name.length <= MAX_ID;
}

export const RESERVED_HINT =
  'CON, PRN, AUX, NUL, COM0-9 and LPT0-9 are reserved file names on Windows; choose another name.';

/** What a slug may be, in words, for hints. */
export const SLUG_RULE = 'lower-case letters, digits and hyphens only, at most 64 characters';

/** The fix for a name `isSafeName` refuses: the Windows rule when the name is reserved, else `otherwise`. */
export function nameHint(name: string, otherwise: string): string {
  return WINDOWS_RESERVED.test(name) ? RESERVED_HINT : otherwise;
}

/** A name as it can be printed: control characters and quotes escaped. */
export function printableName(name: string): string {
  return JSON.stringify(name).slice(1, -1);
}

/** The segments of a guide's folder path under the content folder ("year-9/last-men"), or undefined unless each is a safe name. */
export function guidePathSegments(text: string): string[] | undefined {
  const segments = text.split('/');
  return segments.every(isSafeName) ? segments : undefined;
}
