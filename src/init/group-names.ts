/**
 * Group name mentions into candidate people. Two spellings are one person when
 * they differ by a small edit distance (Khalid/Khaled, Victor/Viktor) and never
 * stand side by side in one sentence; a single name joins the one longer name
 * that contains it or a close spelling of it (Fayyad → Feras Fayyad). A short
 * name shared by several longer ones (Abu → Abu Omar, Abu Yousef) is left out.
 */
import { distance } from 'fastest-levenshtein';
import { classifyWord, type NameMention } from './find-names.js';

export interface PersonCandidate {
  /** The fullest, most used spelling. */
  name: string;
  /** Other spellings, in order of first appearance. */
  aliases: string[];
  /** Every mention, in source order then text order. */
  mentions: NameMention[];
}

/** Fold case and accents so that "Jose" and "José" compare equal. */
export function nameKey(form: string): string {
  return form
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’']/gu, "'")
    .toLowerCase();
}

const tokensOf = (form: string) =>
  nameKey(form)
    .split(/[\s-]+/u)
    .filter((t) => t.length > 0);

/** The words that name the person, without a leading title ("Mrs Ellison" → ellison). */
const nameTokens = (form: string) => {
  const words = form.split(/[\s-]+/u).filter((t) => t.length > 0);
  const first = words[0];
  const rest =
    words.length > 1 && first !== undefined && classifyWord(first.replace(/\.$/u, '')) === 'honorific'
      ? words.slice(1)
      : words;
  return rest.map(nameKey);
};

/** Edit distance allowed between two spellings of one word: none for short words, more for long ones. */
export function similarWords(a: string, b: string): boolean {
  if (a === b) return true;
  const shortest = Math.min(a.length, b.length);
  const allowed = shortest >= 8 ? 2 : shortest >= 5 ? 1 : 0;
  return allowed > 0 && a[0] === b[0] && distance(a, b) <= allowed;
}

/** Two multi-word or two single-word names spelled alike, word by word. */
export function similarNames(a: string, b: string): boolean {
  return similarTokens(nameTokens(a), nameTokens(b));
}

function similarTokens(ta: readonly string[], tb: readonly string[]): boolean {
  return ta.length > 0 && ta.length === tb.length && ta.every((t, i) => similarWords(t, tb[i] ?? ''));
}

class UnionFind {
  private parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root) as string;
    this.parent.set(x, root);
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

export interface GroupOptions {
  /** Keep single-word names mentioned only once (default false: a name must recur or have several words). */
  keepSingleMentions?: boolean;
}

/**
 * Most distinct names compared with one another: comparing spellings is quadratic in their number,
 * so a document naming more keeps the most mentioned ones (a draft lists far fewer people).
 */
export const MAX_NAME_KEYS = 2000;

export function groupNames(mentions: readonly NameMention[], options: GroupOptions = {}): PersonCandidate[] {
  const byKey = new Map<string, NameMention[]>();
  for (const m of mentions) {
    const key = nameKey(m.form);
    const list = byKey.get(key);
    if (list) list.push(m);
    else byKey.set(key, [m]);
  }
  // A name compromise takes for a place or organisation everywhere it occurs is one.
  for (const [key, list] of byKey) if (list.every((m) => m.placeLike)) byKey.delete(key);
  if (byKey.size > MAX_NAME_KEYS) {
    const kept = [...byKey].sort((a, b) => b[1].length - a[1].length).slice(0, MAX_NAME_KEYS);
    const keep = new Set(kept.map(([key]) => key));
    for (const key of [...byKey.keys()]) if (!keep.has(key)) byKey.delete(key);
  }
  const keys = [...byKey.keys()];
  const sentences = new Map(
    keys.map((k) => [k, new Set((byKey.get(k) ?? []).map((m) => `${m.source}#${m.sentence}`))]),
  );
  const together = (a: string, b: string) => {
    const sa = sentences.get(a) ?? new Set<string>();
    const sb = sentences.get(b) ?? new Set<string>();
    const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
    for (const s of small) if (large.has(s)) return true;
    return false;
  };
  const uf = new UnionFind();
  keys.forEach((k) => uf.find(k));
  // Spelling variants: same number of words, each word close, never side by side. Close words
  // share their first letter, so only names with the same word count and initials are compared.
  const tokens = new Map(keys.map((k) => [k, nameTokens(byKey.get(k)?.[0]?.form ?? k)]));
  const blocks = new Map<string, string[]>();
  for (const key of keys) {
    const t = tokens.get(key) ?? [];
    const block = `${t.length}:${t.map((w) => w[0] ?? '').join('')}`;
    const list = blocks.get(block);
    if (list) list.push(key);
    else blocks.set(block, [key]);
  }
  for (const block of blocks.values()) {
    for (let i = 0; i < block.length; i++) {
      for (let j = i + 1; j < block.length; j++) {
        const a = block[i] as string;
        const b = block[j] as string;
        if (similarTokens(tokens.get(a) ?? [], tokens.get(b) ?? []) && !together(a, b)) uf.union(a, b);
      }
    }
  }
  // Short names: join the single longer name that holds them (or a close spelling of them).
  const longByInitial = new Map<string, string[]>();
  for (const k of keys) {
    const t = tokens.get(k) ?? [];
    if (t.length < 2) continue;
    for (const initial of new Set(t.map((w) => w[0] ?? ''))) {
      const list = longByInitial.get(initial);
      if (list) list.push(k);
      else longByInitial.set(initial, [k]);
    }
  }
  const dropped = new Set<string>();
  for (const short of keys.filter((k) => tokens.get(k)?.length === 1)) {
    const word = tokens.get(short)?.[0] ?? short;
    const holders = new Set(
      (longByInitial.get(word[0] ?? '') ?? [])
        .filter((l) => tokens.get(l)?.some((t) => similarWords(t, word)))
        .map((l) => uf.find(l)),
    );
    if (holders.size === 1) uf.union([...holders][0] as string, short);
    else if (holders.size > 1 && uf.find(short) === short) dropped.add(short);
  }
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    if (dropped.has(key)) continue;
    const root = uf.find(key);
    const list = groups.get(root);
    if (list) list.push(key);
    else groups.set(root, [key]);
  }
  const position = new Map(mentions.map((m, i) => [m, i]));
  const order = (m: NameMention) => position.get(m) ?? 0;
  const people: PersonCandidate[] = [];
  for (const members of groups.values()) {
    const all = members.flatMap((k) => byKey.get(k) ?? []).sort((a, b) => order(a) - order(b));
    const multiword = members.some((k) => tokensOf(k).length > 1);
    if (all.length < 2 && !multiword && !options.keepSingleMentions) continue;
    people.push(toCandidate(all));
  }
  return people.sort((a, b) => order(a.mentions[0] as NameMention) - order(b.mentions[0] as NameMention));
}

function toCandidate(mentions: NameMention[]): PersonCandidate {
  const counts = new Map<string, number>();
  for (const m of mentions) counts.set(m.form, (counts.get(m.form) ?? 0) + 1);
  const forms = [...counts.keys()];
  const score = (f: string) => tokensOf(f).length * 1000 + (counts.get(f) ?? 0);
  const name = [...forms].sort((a, b) => score(b) - score(a))[0] as string;
  return { name, aliases: forms.filter((f) => f !== name), mentions };
}
