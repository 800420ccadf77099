import { describe, expect, it } from 'vitest';
import { analyseText } from '../../src/init/analyse-text.js';
import { findNameMentions, lowercaseWordsOf, type NameMention } from '../../src/init/find-names.js';
import { groupNames, similarWords } from '../../src/init/group-names.js';

/** Names found in texts, grouped: [name, ...aliases] per candidate. */
function groups(...texts: string[]): string[][] {
  const analysed = texts.map((t, i) => analyseText(`s${i + 1}`, t));
  const lowercase = lowercaseWordsOf(analysed);
  return groupNames(analysed.flatMap((a) => findNameMentions(a, lowercase))).map((p) => [p.name, ...p.aliases]);
}

function mention(form: string, source: string, sentence: number): NameMention {
  return { form, source, start: sentence * 100, end: sentence * 100 + form.length, sentence };
}

describe('similarWords', () => {
  it('allows one edit in names of five letters or more, two from eight', () => {
    expect(similarWords('khalid', 'khaled')).toBe(true);
    expect(similarWords('victor', 'viktor')).toBe(true);
    expect(similarWords('mohammed', 'mohammaed')).toBe(true);
    expect(similarWords('anna', 'anne')).toBe(false);
    expect(similarWords('mahmoud', 'mohammed')).toBe(false);
    expect(similarWords('karl', 'carl')).toBe(false);
  });
});

describe('groupNames', () => {
  it('groups spelling variants across sources as one person', () => {
    const people = groupNames([
      mention('Khaled', 'a', 0),
      mention('Khalid', 'b', 0),
      mention('Khaled', 'a', 2),
      mention('Subhi', 'b', 1),
      mention('Subhi', 'b', 3),
    ]);
    expect(people.map((p) => [p.name, ...p.aliases])).toEqual([['Khaled', 'Khalid'], ['Subhi']]);
    expect(new Set(people[0]?.mentions.map((m) => m.source))).toEqual(new Set(['a', 'b']));
  });

  it('keeps two names apart when one sentence names both', () => {
    const people = groupNames([
      mention('Maria', 'a', 0),
      mention('Marie', 'a', 0),
      mention('Maria', 'a', 1),
      mention('Marie', 'a', 2),
    ]);
    expect(people.map((p) => p.name).sort()).toEqual(['Maria', 'Marie']);
  });

  it('joins a surname or first name to the one full name that holds it, and drops one shared by several', () => {
    const people = groupNames([
      mention('Feras Fayyad', 'a', 0),
      mention('Fayyad', 'a', 1),
      mention('Abu Omar', 'b', 0),
      mention('Abu Yousef', 'b', 1),
      mention('Abu', 'b', 2),
      mention('Abu', 'b', 3),
    ]);
    expect(people.map((p) => [p.name, ...p.aliases])).toEqual([
      ['Feras Fayyad', 'Fayyad'],
      ['Abu Omar'],
      ['Abu Yousef'],
    ]);
  });

  it('keeps relatives with one surname apart (Elizabeth Bennet, Jane Bennet)', () => {
    expect(
      groups('Elizabeth Bennet meets Mr Darcy. Jane Bennet falls ill. Later Bennet and Darcy talk, and Darcy leaves.'),
    ).toEqual([['Elizabeth Bennet'], ['Mr Darcy', 'Darcy'], ['Jane Bennet']]);
  });

  it('needs a single-word name to recur, unless asked to keep single mentions', () => {
    expect(groupNames([mention('Oskar', 'a', 0)])).toEqual([]);
    expect(groupNames([mention('Oskar', 'a', 0)], { keepSingleMentions: true }).map((p) => p.name)).toEqual(['Oskar']);
  });
});

describe('names found in text', () => {
  it('groups Victor and Viktor, and a title with the surname (Mrs Ellison)', () => {
    expect(
      groups(
        'The novel follows Victor Halloran, a glassblower. Victor returns home. Viktor, as the town calls him, refuses to sell.',
        'The engineer Margaret Ellison designed the tower. The newspaper calls her "Mrs Ellison, the lady engineer". The parish record has Margret Ellison.',
      ),
    ).toEqual([
      ['Victor Halloran', 'Victor', 'Viktor'],
      ['Margaret Ellison', 'Mrs Ellison', 'Margret Ellison'],
    ]);
  });

  it('leaves out places, nationalities, organisations and capitalised ordinary words', () => {
    const found = groups(
      'In Paris, French volunteers of the Red Cross met Amélie Durand. Afterwards Amélie wrote to the United Nations from France. Tuesday was cold.',
    ).flat();
    expect(found).toEqual(['Amélie Durand', 'Amélie']);
  });

  it('does not take a long run of capitalised words for a name', () => {
    expect(
      groups(
        'They sang Zorbaq Quillem Fennix Drabby Moltrane Vexley Orrin at night. Zorbaq Quillem Fennix Drabby Moltrane Vexley Orrin again.',
      ),
    ).toEqual([]);
  });

  it('strips possessives and keeps name particles (al-, van)', () => {
    expect(groups("Bashar al-Assad's government fell. Assad fled. Vincent van Gogh's letters survive.")).toEqual([
      ['Bashar al-Assad', 'Assad'],
      ['Vincent van Gogh'],
    ]);
  });
});
