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
  /**
   * `columns`: dates in a column left of the axis; `stacked`: each date above its
   * label, right of the axis (a longer measure for large type).
   */
  layout?: 'columns' | 'stacked';
  /**
   * Split the drawing into several SVGs no taller than this (user units), so a
   * long timeline can run over pages without a row being cut in two.
   */
  maxHeight?: number;
}

type Settings = Required<TimelineSvgOptions>;

const DEFAULTS: Settings = {
  width: 640,
  fontSize: 13,
  charWidth: 0.5,
  idPrefix: 'timeline',
  title: 'Timeline',
  layout: 'columns',
  maxHeight: Number.POSITIVE_INFINITY,
};

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

interface Row {
  event: TimelineEventInput;
  height: number;
  draw: (top: number) => { shapes: string; dot: number };
}

function layoutRows(events: readonly TimelineEventInput[], o: Settings): Row[] {
  const { width, fontSize, charWidth, layout } = o;
  const lineHeight = Math.round(fontSize * 1.3 * 10) / 10;
  const stacked = layout === 'stacked';
  const whenWidth = stacked ? 0 : Math.round(width * 0.26);
  const axisX = stacked ? Math.round(fontSize * 0.6) : whenWidth + Math.round(fontSize * 1.1);
  const labelX = axisX + Math.round(fontSize * 1.1);
  const charsFor = (w: number) => w / (fontSize * charWidth);
  const tagSize = Math.round(fontSize * 1.05);
  return orderEvents(events).map((event) => {
    const whenLines = wrapText(event.when, charsFor(stacked ? width - labelX : whenWidth));
    const labelLines = wrapText(event.label, charsFor(width - labelX));
    const sources = event.sources ?? [];
    const labelTop = stacked ? whenLines.length * lineHeight : 0;
    const textHeight = stacked
      ? labelTop + labelLines.length * lineHeight
      : Math.max(whenLines.length, labelLines.length) * lineHeight;
    const tagGap = Math.round(fontSize * 0.25);
    const height =
      sources.length > 0
        ? Math.max(textHeight, labelTop + labelLines.length * lineHeight + tagGap + tagSize)
        : textHeight;
    const draw = (y: number) => {
      const text = (x: number, top: number, lines: string[], attrs: string) =>
        `<text x="${x}" y="${round(top + fontSize)}" ${attrs}>${lines
          .map((l, i) => `<tspan x="${x}"${i === 0 ? '' : ` dy="${lineHeight}"`}>${escapeXml(l)}</tspan>`)
          .join('')}</text>`;
      let shapes = stacked
        ? text(labelX, y, whenLines, 'class="tl-when" font-weight="700"')
        : text(whenWidth, y, whenLines, 'class="tl-when" text-anchor="end" font-weight="700"');
      shapes += text(labelX, y + labelTop, labelLines, 'class="tl-label"');
      const tagTop = round(y + labelTop + labelLines.length * lineHeight + tagGap);
      sources.forEach((letter, i) => {
        const x = labelX + i * (tagSize + 4);
        shapes +=
          `<rect class="tl-tag" x="${x}" y="${tagTop}" width="${tagSize}" height="${tagSize}" rx="2" fill="none" stroke="currentColor" stroke-width="0.8"/>` +
          `<text class="tl-tag-letter" x="${round(x + tagSize / 2)}" y="${round(tagTop + tagSize * 0.78)}" text-anchor="middle" font-size="${Math.round(fontSize * 0.78)}" font-weight="700">${escapeXml(letter)}</text>`;
      });
      return { shapes, dot: round(y + fontSize * 0.62) };
    };
    return { event, height, draw };
  });
}

const round = (n: number) => Math.round(n * 10) / 10;

function drawPart(rows: readonly Row[], o: Settings, id: string, title: string): string {
  const { width, fontSize, layout } = o;
  const gap = Math.round(fontSize * 0.9);
  const axisX =
    layout === 'stacked' ? Math.round(fontSize * 0.6) : Math.round(width * 0.26) + Math.round(fontSize * 1.1);
  let y = Math.round(fontSize * 0.4);
  const shapes: string[] = [];
  const dots: number[] = [];
  for (const row of rows) {
    const drawn = row.draw(y);
    shapes.push(drawn.shapes);
    dots.push(drawn.dot);
    y += row.height + gap;
  }
  const total = Math.ceil(y - gap + fontSize * 0.5);
  const axis = `<line class="tl-axis" x1="${axisX}" y1="${dots[0] ?? 0}" x2="${axisX}" y2="${dots[dots.length - 1] ?? 0}" stroke="currentColor" stroke-width="1.5"/>`;
  const circles = dots
    .map((cy) => `<circle class="tl-dot" cx="${axisX}" cy="${cy}" r="${round(fontSize * 0.36)}" fill="currentColor"/>`)
    .join('');
  return (
    `<svg class="timeline-svg" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${total}" ` +
    `width="100%" font-size="${fontSize}" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(
      timelineDescription(rows.map((r) => r.event)),
    )}</desc>${axis}${circles}${shapes.join('')}</svg>`
  );
}

/**
 * The timeline as one SVG, or as several (one after the other) when `maxHeight`
 * splits it. Every part names itself and lists its events in text: both make up
 * its accessible name, which Chromium writes as the /Alt of the tagged figure
 * (an image's own text is hidden from assistive technology).
 */
export function timelineSvg(events: readonly TimelineEventInput[], options: TimelineSvgOptions = {}): string {
  if (events.length === 0) return '';
  const o: Settings = { ...DEFAULTS, ...options };
  const gap = Math.round(o.fontSize * 0.9);
  const parts: Row[][] = [[]];
  let height = 0;
  for (const row of layoutRows(events, o)) {
    const current = parts[parts.length - 1] ?? [];
    if (current.length > 0 && height + gap + row.height > o.maxHeight) {
      parts.push([row]);
      height = row.height;
    } else {
      current.push(row);
      height += (current.length > 1 ? gap : 0) + row.height;
    }
  }
  if (parts.length === 1) return drawPart(parts[0] ?? [], o, o.idPrefix, o.title);
  return parts
    .map((rows, i) => drawPart(rows, o, `${o.idPrefix}-${i + 1}`, `${o.title} (part ${i + 1} of ${parts.length})`))
    .join('');
}
