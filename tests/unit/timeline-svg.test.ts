import { describe, expect, it } from 'vitest';
import { escapeXml, orderEvents, timelineDescription, timelineSvg, wrapText } from '../../src/render/timeline-svg.js';

const events = [
  { when: 'After filming', sort: 2017, label: 'The film wins a prize.', sources: ['A', 'B'] },
  { when: '2013', label: 'Volunteers found the White Helmets.', sources: ['B'] },
  { when: 'Year not given', label: 'The director is arrested.' },
];

describe('wrapText', () => {
  it('breaks at spaces without exceeding the measure', () => {
    const lines = wrapText('one two three four five six seven', 10);
    expect(lines).toEqual(['one two', 'three four', 'five six', 'seven']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(10);
  });

  it('cuts a word longer than the measure instead of overflowing', () => {
    expect(wrapText('abcdefghijkl xy', 5)).toEqual(['abcde', 'fghij', 'kl xy']);
  });

  it('counts characters, not UTF-16 units (Arabic and astral characters)', () => {
    expect(wrapText('خالد صبحي', 4)).toEqual(['خالد', 'صبحي']);
  });
});

describe('orderEvents', () => {
  it('orders by sort key, else a leading year; an event without either stays after the one it follows', () => {
    expect(orderEvents(events).map((e) => e.when)).toEqual(['2013', 'Year not given', 'After filming']);
  });

  it('keeps content order on ties', () => {
    const tied = [
      { when: '2013', label: 'first' },
      { when: '2013', label: 'second' },
    ];
    expect(orderEvents(tied).map((e) => e.label)).toEqual(['first', 'second']);
  });
});

describe('timelineSvg', () => {
  it('draws one dot per event on one axis and names itself for screen readers', () => {
    const svg = timelineSvg(events, { title: 'Timeline of the film', idPrefix: 'tl' });
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg.match(/<line /g)).toHaveLength(1);
    expect(svg).toContain('role="img"');
    // Title and description both make up the accessible name (the PDF figure's /Alt).
    expect(svg).toContain('aria-labelledby="tl-title tl-desc"');
    expect(svg).toContain('<title id="tl-title">Timeline of the film</title>');
    expect(svg).toContain(
      '<desc id="tl-desc">2013: Volunteers found the White Helmets. Year not given: The director is arrested. After filming: The film wins a prize.</desc>',
    );
  });

  it('draws a boxed letter for each supporting source', () => {
    const svg = timelineSvg(events);
    expect(svg.match(/<rect class="tl-tag"/g)).toHaveLength(3);
    expect(svg).toMatch(/font-weight="700">A<\/text>/);
  });

  it('escapes every piece of text, in the drawing and the description', () => {
    const hostile = [{ when: '<b>1999</b>', label: `Tom & Jerry's "<script>alert(1)</script>"`, sources: ['<A>'] }];
    const svg = timelineSvg(hostile, { title: 'A <title> & "quotes"' });
    expect(svg).not.toMatch(/<script|<b>|<A>|<title>&/);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('Tom &amp; Jerry&#39;s');
    expect(svg).toContain('&lt;b&gt;1999&lt;/b&gt;');
    expect(svg).toContain('A &lt;title&gt; &amp; &quot;quotes&quot;');
  });

  it('fetches nothing: no links, images or external references', () => {
    const svg = timelineSvg(events);
    const withoutNamespace = svg.replace('xmlns="http://www.w3.org/2000/svg"', '');
    expect(withoutNamespace).not.toMatch(/href|url\(|<image|<use|https?:/);
  });

  it('is a pure function of its input', () => {
    expect(timelineSvg(events, { fontSize: 20 })).toBe(timelineSvg([...events], { fontSize: 20 }));
  });

  it('wraps long labels into lines that fit the measure', () => {
    const long = [{ when: '2013', label: 'word '.repeat(60).trim() }];
    const svg = timelineSvg(long, { width: 400, fontSize: 10, charWidth: 0.5 });
    const tspans = [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1] ?? '');
    expect(tspans.length).toBeGreaterThan(3);
    // The label column starts near a quarter of the width: at most (400 - 26% - gutters) / 5 characters.
    for (const t of tspans) expect(t.length).toBeLessThanOrEqual(56);
  });

  it('splits into several named parts when a height limit is given, keeping every event once', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ when: String(2000 + i), label: `Event ${i + 1}` }));
    const svg = timelineSvg(many, { fontSize: 20, maxHeight: 200, idPrefix: 'tl', title: 'T' });
    const parts = svg.match(/<svg /g) ?? [];
    expect(parts.length).toBeGreaterThan(1);
    expect(svg.match(/<circle /g)).toHaveLength(12);
    expect(svg).toContain(`<title id="tl-1-title">T (part 1 of ${parts.length})</title>`);
    for (const [, h] of svg.matchAll(/viewBox="0 0 640 (\d+)"/g)) expect(Number(h)).toBeLessThanOrEqual(200 + 20);
  });

  it('stacks each date above its label in the stacked layout', () => {
    const svg = timelineSvg([{ when: '2013', label: 'Founded.' }], { layout: 'stacked', fontSize: 20 });
    const when = /<text x="(\d+)" y="([\d.]+)" class="tl-when"/.exec(svg);
    const label = /<text x="(\d+)" y="([\d.]+)" class="tl-label"/.exec(svg);
    expect(when?.[1]).toBe(label?.[1]);
    expect(Number(label?.[2])).toBeGreaterThan(Number(when?.[2]));
  });

  it('draws nothing for an empty timeline', () => {
    expect(timelineSvg([])).toBe('');
  });
});

describe('helpers', () => {
  it('escapeXml escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  it('timelineDescription ends each event with one full stop', () => {
    expect(timelineDescription([{ when: '2013', label: 'Founded.' }])).toBe('2013: Founded.');
  });
});
