import os from 'node:os';

/** Options shared by the API and the CLI, with their defaults. */
export const EDITIONS = ['student', 'teacher'] as const;
export type Edition = (typeof EDITIONS)[number];
export const PAPERS = ['a4', 'letter'] as const;
export type Paper = (typeof PAPERS)[number];
export const FORMATS = ['pdf', 'html', 'both'] as const;
export type Format = (typeof FORMATS)[number];
export const DOCUMENTS = ['synopsis', 'characters', 'questions', 'comparison', 'booklet'] as const;
export type DocumentKind = (typeof DOCUMENTS)[number];

export interface RenderVariant {
  edition: Edition;
  paper: Paper;
  largePrint: boolean;
}

/** Output folder name of a variant: `student`, `teacher-large-print`... */
export function variantFolder(variant: Pick<RenderVariant, 'edition' | 'largePrint'>): string {
  return variant.largePrint ? `${variant.edition}-large-print` : variant.edition;
}

/** The file name of a document: the booklet is named after the guide. */
export function documentFileName(document: DocumentKind, slug: string): string {
  return document === 'booklet' ? slug : document;
}

/** Pages printing at once by default: one per CPU, at most 8. */
export function defaultConcurrency(): number {
  return Math.max(1, Math.min(8, os.availableParallelism?.() ?? os.cpus().length));
}

/** The variants a build makes: one per edition asked for (default: every edition). */
export function variantsOf(options: {
  editions?: readonly Edition[];
  paper?: Paper;
  largePrint?: boolean;
}): RenderVariant[] {
  const editions = options.editions?.length ? options.editions : [...EDITIONS];
  return editions.map((edition) => ({
    edition,
    paper: options.paper ?? 'a4',
    largePrint: options.largePrint ?? false,
  }));
}
