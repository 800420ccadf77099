import { describe, expect, it } from 'vitest';
import { analyseText } from '../../src/init/analyse-text.js';
import { groupFigures } from '../../src/init/draft-figures.js';
import { findFigures, findQuotedSpeech } from '../../src/init/find-figures.js';
import { findNameMentions, lowercaseWordsOf } from '../../src/init/find-names.js';

function figures(text: string) {
  return findFigures(analyseText('s', text));
}

describe('findFigures', () => {
  it('takes a number with what it counts, and quotes the sentence it stands in', () => {
    const text =
      'The reef is dangerous. Between 1840 and 1850 at least 37 ships were wrecked there, and 1,200 tons of granite were cut.';
    const { figures: found, years } = figures(text);
    expect(found.map((f) => f.label)).toEqual(['37 ships', '1,200 tons']);
    expect(found.map((f) => f.key)).toEqual(['37', '1200']);
    for (const f of found) {
      expect(text.slice(f.quote.start, f.quote.end)).toBe(f.quote.text);
      expect(f.quote.text).toContain(f.label);
    }
    expect(years.map((y) => y.year)).toEqual([1840, 1850]);
  });

  it('reads numbers written as words when a noun follows, and skips bare ones, ordinals, dates and codes', () => {
    const { figures: found, years } = figures(
      'Thirty volunteers had been killed. We meet a third volunteer. One of them stays. It opened on 4 November 1856. Room 8B is closed. The lamp is seen for eighteen miles.',
    );
    expect(found.map((f) => f.label)).toEqual(['Thirty volunteers', 'eighteen miles']);
    expect(years.map((y) => y.year)).toEqual([1856]);
  });

  it('keeps long sentences down to the clause that holds the figure', () => {
    const long = `${'The caravan crossed the desert slowly, '.repeat(6)}and it carried 600 camels at night, ${'while the wind rose and fell over the dunes, '.repeat(4)}until dawn.`;
    const [figure] = figures(long).figures;
    expect(figure?.label).toBe('600 camels');
    expect(figure?.quote.text.length).toBeLessThanOrEqual(240);
    expect(figure?.quote.text).toContain('600 camels');
  });

  it('quotes the words around a figure in a run-on sentence with no commas', () => {
    const text = `${'and the wind blew over the dunes '.repeat(80)}while 600 camels walked ${'and the night went on '.repeat(80)}until dawn.`;
    const [figure] = figures(text).figures;
    expect(figure?.quote.text).toContain('600 camels');
    expect(figure?.quote.text.length).toBeLessThanOrEqual(240);
    expect(figure && text.slice(figure.quote.start, figure.quote.end)).toBe(figure?.quote.text);
    expect(figure?.quote.text).toMatch(/^\S+( \S+)+$/u);
  });

  it('groups the same figure given by two sources into one comparison row', () => {
    const a = findFigures(analyseText('a', 'After five years of war, the city waits.')).figures;
    const b = findFigures(analyseText('b', 'The war has lasted five years now. It has cost 2,900 lives.')).figures;
    const groups = groupFigures([...a, ...b]);
    expect(groups.map((g) => [g.label, g.bySource.map((f) => f.source)])).toEqual([
      ['2,900 lives', ['b']],
      ['five years', ['a', 'b']],
    ]);
  });
});

describe('findQuotedSpeech', () => {
  function speech(text: string) {
    const analysed = analyseText('s', text);
    const names = findNameMentions(analysed, lowercaseWordsOf([analysed]));
    return findQuotedSpeech(analysed, names).map((q) => ({
      words: q.words.text,
      speaker: q.speaker?.form,
      quote: q.quote.text,
    }));
  }

  it('names the speaker when the sentence says who speaks', () => {
    expect(speech('We cross the border. Mohammed remarks how "Just by crossing the border it is so strange."')).toEqual(
      [
        {
          words: 'Just by crossing the border it is so strange.',
          speaker: 'Mohammed',
          quote: 'Mohammed remarks how "Just by crossing the border it is so strange."',
        },
      ],
    );
    expect(speech('“This was one of the reasons,” Fayyad said. Fayyad left.')[0]?.speaker).toBe('Fayyad');
  });

  it('gives no speaker when the name in the sentence is not the one speaking', () => {
    expect(
      speech(
        'When asked if he was surprised that Assad had gassed his own people, he said: “Not at all.” Assad denied it.',
      ),
    ).toEqual([
      {
        words: 'Not at all.',
        speaker: undefined,
        quote: 'When asked if he was surprised that Assad had gassed his own people, he said: “Not at all.”',
      },
    ]);
  });
});
