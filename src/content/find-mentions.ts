/** Which sources mention a person: whole-word, case-insensitive matches of the name or an alias. */
import type { LoadedSource } from './load-source.js';
import { escapeRegExp, foldText } from './normalize-text.js';

export function mentionPattern(names: readonly string[]): RegExp | undefined {
  const words = [...new Set(names.map(foldText).filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  if (words.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

export function sourcesMentioning(names: readonly string[], sources: readonly LoadedSource[]): string[] {
  const pattern = mentionPattern(names);
  if (!pattern) return [];
  return sources.filter((s) => pattern.test(s.text.folded)).map((s) => s.id);
}
