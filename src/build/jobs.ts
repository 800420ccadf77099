/** The unit of work of a build: one document of one guide in one variant. Light: no printing modules. */
import type { LoadedGuide } from '../content/load-guide.js';
import { DOCUMENTS, type DocumentKind, type RenderVariant } from '../options.js';

export interface DocumentJob {
  guide: LoadedGuide;
  document: DocumentKind;
  variant: RenderVariant;
}

/**
 * Every document of a guide, in every variant asked for, longest first: the booklets (every
 * section, printed twice for their page numbers) are the critical path of a guide's build, so they
 * start first and the short handouts fill the other pages around them.
 */
export function jobsFor(
  guide: LoadedGuide,
  variants: readonly RenderVariant[],
  documents: readonly DocumentKind[] = DOCUMENTS,
): DocumentJob[] {
  const jobs = variants.flatMap((variant) => documents.map((document) => ({ guide, document, variant })));
  const booklets = jobs.filter((job) => job.document === 'booklet');
  return [...booklets, ...jobs.filter((job) => job.document !== 'booklet')];
}
