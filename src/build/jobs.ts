/** The unit of work of a build: one document of one guide in one variant. Light: no printing modules. */
import type { LoadedGuide } from '../content/load-guide.js';
import { DOCUMENTS, type DocumentKind, type RenderVariant } from '../options.js';

export interface DocumentJob {
  guide: LoadedGuide;
  document: DocumentKind;
  variant: RenderVariant;
}

/** Every document of a guide, in every variant asked for. */
export function jobsFor(
  guide: LoadedGuide,
  variants: readonly RenderVariant[],
  documents: readonly DocumentKind[] = DOCUMENTS,
): DocumentJob[] {
  return variants.flatMap((variant) => documents.map((document) => ({ guide, document, variant })));
}
