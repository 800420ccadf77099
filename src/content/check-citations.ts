/** Every citation must name a known source and quote it verbatim (after folding). */
import { CitationError } from '../errors.js';
import { findInlineCitations, lineAt } from './inline-citations.js';
import type { LoadedSource } from './load-source.js';
import type { ParsedFile } from './parse-front-matter.js';
import type { GuideMeta } from './schema.js';
import { formatFieldPath } from './validate.js';

interface CitationSite {
  source: string;
  quote: string;
  path: (string | number)[];
}

/** Every `{ source, quote }` in the front matter, with its field path. */
export function citationSites(meta: GuideMeta): CitationSite[] {
  const sites: CitationSite[] = [];
  const add = (path: (string | number)[], c: { source: string; quote: string }) =>
    sites.push({ source: c.source, quote: c.quote, path });
  meta.people.forEach((person, p) =>
    person.facts.forEach((fact, f) =>
      fact.citations.forEach((c, i) => add(['people', p, 'facts', f, 'citations', i], c)),
    ),
  );
  meta.questions.forEach((q, n) => q.citations.forEach((c, i) => add(['questions', n, 'citations', i], c)));
  meta.comparison.forEach((topic, t) => topic.sources.forEach((c, i) => add(['comparison', t, 'sources', i], c)));
  meta.timeline.forEach((event, e) => event.citations.forEach((c, i) => add(['timeline', e, 'citations', i], c)));
  return sites;
}

export function checkCitations(
  parsed: ParsedFile,
  meta: GuideMeta,
  sources: ReadonlyMap<string, LoadedSource>,
): CitationError[] {
  const errors: CitationError[] = [];
  const known = [...sources.keys()].join(', ') || 'none';
  for (const site of citationSites(meta)) {
    const source = sources.get(site.source);
    if (!source) {
      const path = [...site.path, 'source'];
      errors.push(
        new CitationError(`unknown source "${site.source}"`, {
          location: { file: parsed.file, line: parsed.lineOf(path), field: formatFieldPath(path) },
          hint: `use one of the sources in sources/: ${known}.`,
        }),
      );
    } else if (!source.text.contains(site.quote)) {
      const path = [...site.path, 'quote'];
      errors.push(quoteNotFound(site.quote, source, parsed.file, parsed.lineOf(path), formatFieldPath(path)));
    }
  }
  for (const inline of findInlineCitations(parsed.body)) {
    const line = parsed.bodyLine + lineAt(parsed.body, inline.offset) - 1;
    const source = sources.get(inline.source);
    if (!source) {
      errors.push(
        new CitationError(`unknown source "${inline.source}" in an inline citation`, {
          location: { file: parsed.file, line, field: '(body)' },
          hint: `use one of the sources in sources/: ${known}.`,
        }),
      );
    } else if (!source.text.contains(inline.quote)) {
      errors.push(quoteNotFound(inline.quote, source, parsed.file, line, '(body)'));
    }
  }
  return errors;
}

function quoteNotFound(quote: string, source: LoadedSource, file: string, line: number | undefined, field: string) {
  const shown = quote.length > 80 ? `${quote.slice(0, 77)}...` : quote;
  return new CitationError(`the quote "${shown}" is not in source "${source.id}"`, {
    location: { file, line, field },
    hint: `copy the words exactly as they stand in ${source.file} (spelling, case and punctuation; spacing, curly quotes and dashes may differ).`,
  });
}
