#!/usr/bin/env node
// Growth report (see docs/performance.md): `node scripts/complexity.mjs [family-prefix...]`, or
// `npm run bench -- --complexity`. Each family of adversarial input runs at n, 2n and 4n and
// prints the CPU time of each (the least of three runs) and the ratios: about 2 is linear, about 4 quadratic. Timings are for
// people reading the table; the test suite never asserts one (tests/hardening/complexity.test.ts
// checks results and work counters instead). Runs from dist/ (compiled by scripts/setup.mjs).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (file) => import(path.join(root, 'dist', file));
const { parseFrontMatter } = await dist('content/parse-front-matter.js');
const { validateFrontMatter } = await dist('content/validate.js');
const { GuideFrontMatter } = await dist('content/schema.js');
const { checkCitations } = await dist('content/check-citations.js');
const { sourcesMentioning } = await dist('content/find-mentions.js');
const { FoldedText, foldText } = await dist('content/normalize-text.js');
const { findInlineCitations } = await dist('content/inline-citations.js');
const { renderMarkdown } = await dist('render/markdown.js');
const { visibleText } = await dist('render/render-html.js');
const { timelineSvg } = await dist('render/timeline-svg.js');
const { sentences, unwrapLines, quoteAround } = await dist('init/text-units.js');
const { analyseText } = await dist('init/analyse-text.js');
const { findNameMentions, lowercaseWordsOf } = await dist('init/find-names.js');
const { findFigures, findQuotedSpeech } = await dist('init/find-figures.js');
const { groupNames } = await dist('init/group-names.js');

const KB = 1024;
const MB = 1024 * KB;
const source = (text) => ({ id: 'notes', file: 'notes.md', meta: {}, body: text, text: new FoldedText(text) });
const prose = (() => {
  const dir = path.join(root, 'tests', 'fixtures', 'originals');
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
  return (n) => {
    let s = '';
    for (let i = 0; s.length < n; i++) s += `${texts[i % texts.length]}\n\n`;
    return s.slice(0, n);
  };
})();
const guide = (fields) =>
  `---\ntitle: T\nwork: { title: W, kind: film }\naudience: all\nadvisory: none\n${fields}---\n`;
const citing = (quotes) =>
  guide(
    `questions:\n${quotes
      .map(
        (q) =>
          `  - { stage: before, level: recall, prompt: p, teacher_notes: n, citations: [{ source: notes, quote: ${JSON.stringify(q)} }] }\n`,
      )
      .join('')}`,
  );
const check = (raw, notes) => {
  const parsed = parseFrontMatter('g.md', raw);
  const { data } = validateFrontMatter(GuideFrontMatter, parsed);
  return data ? checkCitations(parsed, data, new Map([['notes', notes]])) : [];
};
const mention = (form, i) => ({ form, source: 's', start: i * 20, end: i * 20 + form.length, sentence: i });

/** name, n, make(n) → input, run(input). */
const FAMILIES = [
  [
    'front matter: many keys',
    20_000,
    (n) => guide(Array.from({ length: n }, (_, i) => `k${i}: 1\n`).join('')),
    (r) => validateFrontMatter(GuideFrontMatter, parseFrontMatter('g.md', r)),
  ],
  [
    'front matter: nested flow [[[',
    1000,
    (n) => guide(`keywords: ${'['.repeat(n)}${']'.repeat(n)}\n`),
    (r) => {
      try {
        parseFrontMatter('g.md', r);
      } catch {
        /* refused */
      }
    },
  ],
  [
    'front matter: long sequence',
    50_000,
    (n) => guide(`keywords:\n${'  - k\n'.repeat(n)}`),
    (r) => validateFrontMatter(GuideFrontMatter, parseFrontMatter('g.md', r)),
  ],
  [
    'citations: quotes with long prefixes, (a)^n source',
    1 * MB,
    (n) => [citing(Array.from({ length: 20 }, (_, i) => `${'a'.repeat(1990)}b${i}`)), source('a'.repeat(n))],
    ([r, s]) => check(r, s),
  ],
  [
    'citations: 2n inline citations, 64 KB source',
    2000,
    (n) => [guide('') + `[@notes "the quote ${'x'.repeat(20)}"] `.repeat(n), source(prose(64 * KB))],
    ([r, s]) => check(r, s),
  ],
  ['inline citations: [@[@[@ body', 2 * MB, (n) => '[@'.repeat(n / 2), findInlineCitations],
  [
    'mentions: 500 people x 31 long names',
    1 * MB,
    (n) => source('a '.repeat(n / 2)),
    (s) => {
      for (let p = 0; p < 500; p++)
        sourcesMentioning(
          Array.from({ length: 31 }, (_, k) => `${'a '.repeat(90)}b${p}x${k}`),
          [s],
        );
    },
  ],
  [
    'mentions: words present, never in order',
    2 * MB,
    (n) => source('omar x y '.repeat(n / 9)),
    (s) => sourcesMentioning(['omar y'], [s]),
  ],
  ['foldText: spaces and dashes', 2 * MB, (n) => ' \u2014\u201c'.repeat(n / 3), foldText],
  ['markdown: [[[[', 200 * KB, (n) => '['.repeat(n), renderMarkdown],
  ['markdown: `a`` backticks', 200 * KB, (n) => '`a``'.repeat(n / 4), renderMarkdown],
  ['markdown: *a_ emphasis', 200 * KB, (n) => '*a_ '.repeat(n / 4), renderMarkdown],
  ['markdown: [@a "x unclosed citations', 200 * KB, (n) => '[@a "x '.repeat(n / 7), renderMarkdown],
  ['markdown: nested quotes > > >', 20 * KB, (n) => `${'>'.repeat(n)} a`, renderMarkdown],
  ['markdown: table rows', 200 * KB, (n) => `|a|b|\n|-|-|\n${'|a|b|\n'.repeat(n / 6)}`, renderMarkdown],
  ['markdown: typographer quotes "\'', 200 * KB, (n) => '"\''.repeat(n / 2), renderMarkdown],
  ['visibleText: unclosed <style', 2 * MB, (n) => '<style'.repeat(n / 6), visibleText],
  ['visibleText: <<<<', 2 * MB, (n) => '<'.repeat(n), visibleText],
  [
    'timeline: events with long labels',
    50,
    (n) => Array.from({ length: n }, (_, i) => ({ when: `${1900 + i}`, label: 'x'.repeat(300) })),
    timelineSvg,
  ],
  ['init unwrapLines: spaces', 2 * MB, (n) => ' '.repeat(n), unwrapLines],
  ['init sentences: prose', 1 * MB, prose, sentences],
  [
    'init quoteAround: figures of one sentence',
    2000,
    (n) => {
      const t = `${Array.from({ length: 4000 }, (_, i) => i).join(', ')}.`;
      return [t, sentences(t)[0], n];
    },
    ([t, s, n]) => {
      for (let i = 0; i < n; i++) quoteAround(t, s, 100 + i, 102 + i);
    },
  ],
  [
    'init groupNames: one name n times',
    200_000,
    (n) => Array.from({ length: n }, (_, i) => mention('Khaled Omar', i)),
    groupNames,
  ],
  [
    'init groupNames: distinct names (2,000 compared at most)',
    2000,
    (n) => Array.from({ length: n }, (_, i) => mention(`Khaled X${i.toString(36)}`, i)),
    groupNames,
  ],
  [
    'init speech: quotations',
    20_000,
    (n) => {
      const text = 'Omar said "we stay here" and left. '.repeat(n);
      const a = { id: 's', text, sentences: sentences(text), terms: [] };
      return [a, a.sentences.map((s, i) => ({ ...mention('Omar', i), start: s.start, end: s.start + 4 }))];
    },
    ([a, m]) => findQuotedSpeech(a, m),
  ],
  [
    'init analysis (compromise), prose',
    64 * KB,
    prose,
    (text) => {
      const a = analyseText('s', text);
      const m = findNameMentions(a, lowercaseWordsOf([a]));
      groupNames(m);
      findFigures(a);
      findQuotedSpeech(a, m);
    },
  ],
];

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
// CPU time of this process, not wall time: on a shared machine waiting for a core is not work.
const time = (fn) => {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const rows = [];
for (const [name, n, make, run] of FAMILIES) {
  if (only.length > 0 && !only.some((o) => name.startsWith(o))) continue;
  run(make(Math.max(1, Math.floor(n / 8)))); // warm up
  const ms = [n, 2 * n, 4 * n].map((size) => {
    const input = make(size);
    return Math.min(
      time(() => run(input)),
      time(() => run(input)),
    );
  });
  const row = {
    family: name,
    n,
    ms: ms.map((m) => Math.round(m)),
    ratios: [ms[1] / ms[0], ms[2] / ms[1]].map((r) => Number(r.toFixed(1))),
  };
  rows.push(row);
  process.stdout.write(`| ${name} | ${n} | ${row.ms.join(' / ')} | ${row.ratios.join(', ')} |\n`);
}
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(rows)}\n`);
