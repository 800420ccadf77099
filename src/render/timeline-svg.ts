/**
 * Draw the guide's timeline as an inline SVG at build time: a vertical axis with
 * one dot per event, the date on the left and the wrapped label on the right.
 * A pure function of its input (no fonts are measured, nothing is fetched), so
 * the same content always gives the same drawing. SVG text does not wrap, so
 * lines are broken here from an average character width of the face in use.
 */

export interface TimelineEventInput {
  when: string;
  label: string;
  /** Numeric sort key; without it a leading year in `when` is used, else content order. */
  sort?: number | null;
  /** Letters of the sources that support the event, drawn as boxed tags. */
  sources?: readonly string[];
}

export interface TimelineSvgOptions {
  /** viewBox width in user units (about CSS px when printed at full width). */
  width?: number;
  /** Label font size in user units. */
  fontSize?: number;
  /** Average glyph advance as a fraction of the font size (wider faces need more). */
  charWidth?: number;
  /** id prefix for the title and description elements (unique per document). */
  idPrefix?: string;
  /** Short accessible name; the description lists every event. */
  title?: string;
}

const DEFAULTS = { width: 640, fontSize: 13, charWidth: 0.5, idPrefix: 'timeline', title: 'Timeline' };

/** Text safe inside SVG/XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Greedy word wrap to at most `maxChars` per line; a longer word is cut. */
export function wrapText(text: string, maxChars: number): string[] {
  const limit = Math.max(1, Math.floor(maxChars));
  const lines: string[] = [];
  let line = '';
  for (const raw of text.trim().split(/\s+/)) {
    let word = raw;
    while ([...word].length > limit) {
      if (line) {
        lines.push(line);
        line = '';
      }
      const chars = [...word];
      lines.push(chars.slice(0, limit).join(''));
      word = chars.slice(limit).join('');
    }
    if (!word) continue;
    if (!line) line = word;
    else if ([...line].length + 1 + [...word].length <= limit) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Events in time order: by `sort`, else a leading year of `when`; ties keep content order. */
export function orderEvents<T extends TimelineEventInput>(events: readonly T[]): T[] {
  const key = (e: T) => {
    if (typeof e.sort === 'number') return e.sort;
    const year = /^\s*(-?\d{1,4})\b/.exec(e.when)?.[1];
    return year === undefined ? Number.NaN : Number(year);
  };
  const keyed = events.map((event, index) => ({ event, index, key: key(event) }));
  // Events without a key stay after the one they follow in the content.
  let last = Number.NEGATIVE_INFINITY;
  for (const k of keyed) {
    if (Number.isNaN(k.key)) k.key = last;
    else last = k.key;
  }
  return keyed.sort((a, b) => a.key - b.key || a.index - b.index).map((k) => k.event);
}

/** A plain-text account of the timeline, for the SVG's description. */
export function timelineDescription(events: readonly TimelineEventInput[]): string {
  return orderEvents(events)
    .map((e) => `${e.when}: ${e.label.replace(/\s*[.]\s*$/, '')}.`)
    .join(' ');
}

export function timelineSvg(events: readonly TimelineEventInput[], options: TimelineSvgOptions = {}): string {
  if (events.length === 0) return '';
  const { width, fontSize, charWidth, idPrefix, title } = { ...DEFAULTS, ...options };
  const lineHeight = Math.round(fontSize * 1.3 * 10) / 10;
  const gap = Math.round(fontSize * 0.9);
  const whenWidth = Math.round(width * 0.26);
  const axisX = whenWidth + Math.round(fontSize * 1.1);
  const labelX = axisX + Math.round(fontSize * 1.1);
  const charsFor = (w: number) => w / (fontSize * charWidth);
  const tagSize = Math.round(fontSize * 1.05);

  const rows: string[] = [];
  const dots: number[] = [];
  let y = Math.round(fontSize * 0.4);
  for (const event of orderEvents(events)) {
    const whenLines = wrapText(event.when, charsFor(whenWidth));
    const labelLines = wrapText(event.label, charsFor(width - labelX));
    const sources = event.sources ?? [];
    const baseline = y + fontSize;
    const text = (x: number, lines: string[], attrs: string) =>
      `<text x="${x}" y="${baseline}" ${attrs}>${lines
        .map((l, i) => `<tspan x="${x}"${i === 0 ? '' : ` dy="${lineHeight}"`}>${escapeXml(l)}</tspan>`)
        .join('')}</text>`;
    rows.push(text(whenWidth, whenLines, 'class="tl-when" text-anchor="end" font-weight="700"'));
    rows.push(text(labelX, labelLines, 'class="tl-label"'));
    let height = Math.max(whenLines.length, labelLines.length) * lineHeight;
    if (sources.length > 0) {
      const top = y + labelLines.length * lineHeight + Math.round(fontSize * 0.25);
      sources.forEach((letter, i) => {
        const x = labelX + i * (tagSize + 4);
        rows.push(
          `<rect class="tl-tag" x="${x}" y="${top}" width="${tagSize}" height="${tagSize}" rx="2" fill="none" stroke="currentColor" stroke-width="0.8"/>` +
            `<text class="tl-tag-letter" x="${x + tagSize / 2}" y="${top + tagSize * 0.78}" text-anchor="middle" font-size="${Math.round(fontSize * 0.78)}" font-weight="700">${escapeXml(letter)}</text>`,
        );
      });
      height = Math.max(height, labelLines.length * lineHeight + tagSize + Math.round(fontSize * 0.25));
    }
    dots.push(y + Math.round(fontSize * 0.62));
    y += height + gap;
  }
  const total = Math.ceil(y - gap + fontSize * 0.5);
  const first = dots[0] ?? 0;
  const lastDot = dots[dots.length - 1] ?? 0;
  const axis = `<line class="tl-axis" x1="${axisX}" y1="${first}" x2="${axisX}" y2="${lastDot}" stroke="currentColor" stroke-width="1.5"/>`;
  const circles = dots
    .map((cy) => `<circle class="tl-dot" cx="${axisX}" cy="${cy}" r="${Math.round(fontSize * 0.36)}" fill="currentColor"/>`)
    .join('');
  const t = `${idPrefix}-title`;
  const d = `${idPrefix}-desc`;
  return (
    `<svg class="timeline-svg" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${total}" ` +
    `width="100%" font-size="${fontSize}" aria-labelledby="${t}" aria-describedby="${d}">` +
    `<title id="${t}">${escapeXml(title)}</title><desc id="${d}">${escapeXml(timelineDescription(events))}</desc>` +
    `${axis}${circles}${rows.join('')}</svg>`
  );
}
