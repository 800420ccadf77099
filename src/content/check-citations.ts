/** Every citation must name a known source and quote it verbatim (after folding). */
import { CitationError, LimitError, type StudyguideError } from '../errors.js';
import { findInlineCitations } from './inline-citations.js';
import { foldText } from './normalize-text.js';
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

/**
 * How many characters of source text the citation check of one guide may compare: checking a quote
 * scans its source, so the work is the number of citations times the size of their sources. 500
 * million is 60 citations of an 8 MB source, or 5,000 of a 100 KB one (well over a second of work).
 */
export const MAX_CITATION_WORK = 500_000_000;

/** The work of one guide's citation check, in characters of source text scanned. */
export class CitationWork {
  spent = 0;
  /** What was said of each quote not found, by source and folded quote. */
  readonly details = new Map<string, string>();
  constructor(readonly limit = MAX_CITATION_WORK) {}
  /** Spend `chars` if the budget allows it. */
  take(chars: number): boolean {
    if (this.spent + chars > this.limit) return false;
    this.spent += chars;
    return true;
  }
}

export function checkCitations(
  parsed: ParsedFile,
  meta: GuideMeta,
  sources: ReadonlyMap<string, LoadedSource>,
  /** Ids of source files that exist but failed to load: their own errors say why, so citations of them stay quiet. */
  unavailable: ReadonlySet<string> = new Set(),
  work: CitationWork = new CitationWork(),
): StudyguideError[] {
  const errors: StudyguideError[] = [];
  const known = [...sources.keys()].join(', ') || 'none';
  // A quote cited twice from one source is looked up once.
  const found = new Map<string, boolean>();
  let stopped = false;
  const isIn = (quote: string, source: LoadedSource, where: () => { file: string; line?: number; field: string }) => {
    const needle = foldText(quote);
    const key = `${source.id}\u0000${needle}`;
    const known = found.get(key);
    if (known !== undefined) return known;
    if (!work.take(source.text.folded.length)) {
      stopped = true;
      errors.push(tooMuchWork(work, where()));
      return true;
    }
    const result = needle.length > 0 && source.text.folded.includes(needle);
    found.set(key, result);
    return result;
  };
  for (const site of citationSites(meta)) {
    if (stopped) break;
    const source = sources.get(site.source);
    if (!source && unavailable.has(site.source)) continue;
    if (!source) {
      const path = [...site.path, 'source'];
      errors.push(
        new CitationError(`unknown source "${site.source}"`, {
          location: { file: parsed.file, line: parsed.lineOf(path), field: formatFieldPath(path) },
          hint: `use one of the sources in sources/: ${known}.`,
        }),
      );
      continue;
    }
    const path = [...site.path, 'quote'];
    const where = () => ({ file: parsed.file, line: parsed.lineOf(path), field: formatFieldPath(path) });
    if (!isIn(site.quote, source, where)) {
      const at = where();
      errors.push(quoteNotFound(site.quote, source, at.file, at.line, at.field, work));
    }
  }
  for (const inline of stopped ? [] : findInlineCitations(parsed.body)) {
    if (stopped) break;
    const line = parsed.bodyLine + inline.line - 1;
    const source = sources.get(inline.source);
    if (!source && unavailable.has(inline.source)) continue;
    if (!source) {
      errors.push(
        new CitationError(`unknown source "${inline.source}" in an inline citation`, {
          location: { file: parsed.bodyFile, line, field: '(body)' },
          hint: `use one of the sources in sources/: ${known}.`,
        }),
      );
    } else if (!isIn(inline.quote, source, () => ({ file: parsed.bodyFile, line, field: '(body)' }))) {
      errors.push(quoteNotFound(inline.quote, source, parsed.bodyFile, line, '(body)', work));
    }
  }
  return errors;
}

function tooMuchWork(work: CitationWork, location: { file: string; line?: number; field: string }): LimitError {
  return new LimitError(
    `checking the citations would compare more than ${work.limit.toLocaleString('en')} characters of source text (the number of citations times the length of their sources); the check stopped here`,
    {
      location,
      hint: 'cite fewer passages of the longest sources, or keep only the part of a long source that the guide cites.',
    },
  );
}

function quoteNotFound(
  quote: string,
  source: LoadedSource,
  file: string,
  line: number | undefined,
  field: string,
  work: CitationWork,
) {
  const shown = quote.length > 80 ? `${quote.slice(0, 77)}...` : quote;
  // Saying where the quote differs costs a search per halving of the quote: once per quote and
  // source, and only while the budget lasts.
  const key = `${source.id}\u0000${foldText(quote)}`;
  let detail = work.details.get(key);
  if (detail === undefined) {
    const steps = Math.ceil(Math.log2(foldText(quote).length + 1)) + 1;
    detail = work.take(steps * source.text.folded.length) ? whereItDiffers(quote, source) : '';
    work.details.set(key, detail);
  }
  return new CitationError(`the quote "${shown}" is not in source "${source.id}"${detail}`, {
    location: { file, line, field },
    hint: `copy the words exactly as they stand in ${source.file} (spelling, case and punctuation; spacing, curly quotes and dashes may differ).`,
  });
}

/** Where the quote stops matching the source: the longest prefix found, and what follows in each. */
export function whereItDiffers(quote: string, source: LoadedSource): string {
  const folded = foldText(quote);
  let low = 0;
  let high = folded.length;
  // contains() of a prefix is monotonic in its length: binary search the longest one found.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (source.text.folded.includes(folded.slice(0, mid))) low = mid;
    else high = mid - 1;
  }
  if (low < 8) return ': no part of its beginning was found there';
  // Report from the start of the word that differs, not from its middle.
  const space = folded.lastIndexOf(' ', low - 1);
  if (space > 0 && low < folded.length) low = space + 1;
  const prefix = folded.slice(0, low);
  const at = source.text.folded.indexOf(prefix);
  const tail = (text: string) => (text.length > 30 ? `${text.slice(0, 30)}...` : text);
  const matched = prefix.length > 40 ? `...${prefix.slice(-40)}` : prefix;
  return `: it matches up to "${matched}", then the quote has "${tail(folded.slice(low))}" where the source has "${tail(source.text.folded.slice(at + low))}"`;
}
