/**
 * What a slug or source id may be. Apart from the schema so that code that only checks names
 * (finding guides, output paths, the build cache) does not load zod.
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
