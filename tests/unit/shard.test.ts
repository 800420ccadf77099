import { describe, expect, it } from 'vitest';
import { parseShard, pickShard, shardFrom } from '../../src/build/shard.js';
import { UsageError } from '../../src/errors.js';

const slugs = Array.from({ length: 10 }, (_, i) => `guide-${i}`);

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, total: 1 });
  });

  it.each(['0/3', '4/3', '1/0', 'junk', '1/', '/3', '-1/3', '1.5/3', '2/3/4', ''])(
    'refuses %j as a usage error',
    (text) => {
      expect(() => parseShard(text)).toThrow(UsageError);
      expect(() => parseShard(text)).toThrow(`--shard "${text}" is not a shard like 2/3`);
    },
  );
});

describe('shardFrom', () => {
  it('prefers the flag over the CI variables', () => {
    expect(shardFrom('1/2', { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '4' })).toEqual({ index: 1, total: 2 });
  });

  it("reads GitLab's CI_NODE_INDEX / CI_NODE_TOTAL (1-based) when the flag is absent", () => {
    expect(shardFrom(undefined, { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '4' })).toEqual({ index: 3, total: 4 });
  });

  it('is no shard without the flag or both variables', () => {
    expect(shardFrom(undefined, {})).toBeUndefined();
    expect(shardFrom(undefined, { CI_NODE_TOTAL: '4' })).toBeUndefined();
  });

  it('names the variables when they are wrong', () => {
    expect(() => shardFrom(undefined, { CI_NODE_INDEX: '0', CI_NODE_TOTAL: '4' })).toThrow(
      'CI_NODE_INDEX/CI_NODE_TOTAL "0/4" is not a shard like 2/3',
    );
  });
});

describe('pickShard', () => {
  it('splits so that the shards together hold every item exactly once', () => {
    for (const total of [1, 2, 3, 4, 7, 10, 13]) {
      const all = Array.from({ length: total }, (_, i) => pickShard(slugs, { index: i + 1, total })).flat();
      expect(all.sort()).toEqual([...slugs].sort());
    }
  });

  it('is deterministic and balanced', () => {
    const sizes = [1, 2, 3].map((index) => pickShard(slugs, { index, total: 3 }).length);
    expect(sizes).toEqual([4, 3, 3]);
    expect(pickShard(slugs, { index: 2, total: 3 })).toEqual(pickShard([...slugs], { index: 2, total: 3 }));
    expect(pickShard(slugs, { index: 2, total: 3 })).toEqual(['guide-1', 'guide-4', 'guide-7']);
  });

  it('takes everything without a shard', () => {
    expect(pickShard(slugs, undefined)).toEqual(slugs);
  });
});
