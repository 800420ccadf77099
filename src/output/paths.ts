/** Where outputs go. Every path is checked to stay inside the output folder. */
import path from 'node:path';
import { OutputError } from '../errors.js';
import { SLUG_PATTERN } from '../content/schema.js';
import { documentFileName, variantFolder, type DocumentKind, type RenderVariant } from '../options.js';

export function outputPath(
  outDir: string,
  slug: string,
  variant: Pick<RenderVariant, 'edition' | 'largePrint'>,
  document: DocumentKind,
  extension: 'pdf' | 'html',
): string {
  if (!SLUG_PATTERN.test(slug)) {
    throw new OutputError(`refusing to write outside the output folder for the slug "${slug}"`, {
      hint: 'slugs use lower-case letters, digits and hyphens only.',
    });
  }
  const root = path.resolve(outDir);
  const file = path.resolve(root, slug, variantFolder(variant), `${documentFileName(document, slug)}.${extension}`);
  if (!file.startsWith(root + path.sep)) {
    throw new OutputError(`refusing to write ${file}, outside ${root}`);
  }
  return file;
}
