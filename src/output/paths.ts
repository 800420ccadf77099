/** Where outputs go. Every path is checked to stay inside the output folder. */
import path from 'node:path';
import { OutputError } from '../errors.js';
import { isSafeName } from '../content/names.js';
import { documentFileName, variantFolder, type DocumentKind, type RenderVariant } from '../options.js';

export function outputPath(
  outDir: string,
  slug: string,
  variant: Pick<RenderVariant, 'edition' | 'largePrint'>,
  document: DocumentKind,
  extension: 'pdf' | 'html',
): string {
  if (!isSafeName(slug)) {
    throw new OutputError(`refusing to write an output for the unsafe slug "${JSON.stringify(slug).slice(1, -1)}"`, {
      location: { file: path.resolve(outDir) },
      hint: 'slugs use lower-case letters, digits and hyphens only, and no name Windows reserves (CON, NUL...).',
    });
  }
  const root = path.resolve(outDir);
  const file = path.resolve(root, slug, variantFolder(variant), `${documentFileName(document, slug)}.${extension}`);
  if (!file.startsWith(root + path.sep)) {
    throw new OutputError(`refusing to write ${file}, outside ${root}`);
  }
  return file;
}
