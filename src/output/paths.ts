/** Where outputs go. Every path is checked to stay inside the output folder. */
import path from 'node:path';
import { OutputError } from '../errors.js';
import { guidePathSegments, isSafeName, printableName } from '../content/names.js';
import { documentFileName, variantFolder, type DocumentKind, type RenderVariant } from '../options.js';

/** A guide as outputs place it: its slug, and its folder under the content folder when it is nested. */
export interface GuidePlace {
  slug: string;
  /** "year-9/<slug>": outputs go to <out>/year-9/<slug>/. Default: the slug. */
  folder?: string;
}

/** `<out>/<folder>/<variant>/<document>.<extension>`, the folder mirroring the guide's place under the content folder. */
export function outputPath(
  outDir: string,
  guide: string | GuidePlace,
  variant: Pick<RenderVariant, 'edition' | 'largePrint'>,
  document: DocumentKind,
  extension: 'pdf' | 'html',
): string {
  const { slug, folder = slug } = typeof guide === 'string' ? { slug: guide } : guide;
  if (!isSafeName(slug)) {
    throw new OutputError(`refusing to write an output for the unsafe slug "${printableName(slug)}"`, {
      location: { file: path.resolve(outDir) },
      hint: 'slugs use lower-case letters, digits and hyphens only, and no name Windows reserves (CON, NUL...).',
    });
  }
  const segments = guidePathSegments(folder);
  if (!segments || segments[segments.length - 1] !== slug) {
    throw new OutputError(`refusing to write an output for the guide folder "${printableName(folder)}"`, {
      location: { file: path.resolve(outDir) },
      hint: `the folders above a guide use lower-case letters, digits and hyphens only, and the last one is the slug "${slug}".`,
    });
  }
  const root = path.resolve(outDir);
  const file = path.resolve(
    root,
    ...segments,
    variantFolder(variant),
    `${documentFileName(document, slug)}.${extension}`,
  );
  if (!file.startsWith(root + path.sep)) {
    throw new OutputError(`refusing to write ${file}, outside ${root}`);
  }
  return file;
}
