/** Where outputs go. Every path is checked to stay inside the output folder. */
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { isGuideFolder } from '../content/guide-files.js';
import { OutputError, UsageError } from '../errors.js';
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

/**
 * Refuse an output folder that would feed the build its own outputs: the content folder itself, a
 * folder above it, or a folder inside a guide's folder. Outputs written there would change the
 * guide folder's hash, so every build would rebuild (and the content folder would fill with PDFs).
 * Checked before anything is read or written. An output folder elsewhere inside the content folder
 * (content/output, beside the guides) is fine: it is never searched for guides.
 */
export async function checkOutputPlace(contentDir: string, outDir: string): Promise<void> {
  const content = await realPlace(contentDir);
  const out = await realPlace(outDir);
  const shown = `--out ${printableName(outDir)}`;
  if (out === content) {
    throw new UsageError(`${shown} is the content folder`, {
      hint: 'write the outputs to a folder of their own, beside the content folder (the default is "output").',
    });
  }
  if (isWithin(out, content)) {
    throw new UsageError(`${shown} holds the content folder ${printableName(contentDir)}`, {
      hint: 'outputs there would be mixed with the guides; write them to a folder of their own, beside the content folder (the default is "output").',
    });
  }
  if (!isWithin(content, out)) return;
  // From the output folder up to (not including) the content folder: is any of them a guide?
  for (let dir = out; dir !== content && isWithin(content, dir); dir = path.dirname(dir)) {
    const names = await readdir(dir).catch(() => []);
    if (isGuideFolder(names)) {
      throw new UsageError(`${shown} is inside the guide folder ${printableName(dir)}`, {
        hint: 'outputs in a guide\'s folder change what the build cache sees, so every build would build that guide again; write them to a folder outside the guides (the default is "output").',
      });
    }
  }
}

/** Whether `inner` lies strictly inside `outer` (both absolute). */
function isWithin(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
}

/** The real path of a folder, through links; for one not made yet, of its nearest existing parent. */
async function realPlace(dir: string): Promise<string> {
  const absolute = path.resolve(dir);
  const rest: string[] = [];
  for (let at = absolute; ; at = path.dirname(at)) {
    try {
      return path.join(await realpath(at), ...rest);
    } catch {
      if (path.dirname(at) === at) return absolute;
      rest.unshift(path.basename(at));
    }
  }
}
