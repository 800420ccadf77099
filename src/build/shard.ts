/**
 * Shards split a build across CI jobs. Guides are sorted by slug and dealt out
 * round-robin, so shard i of n takes every n-th guide starting at the i-th:
 * deterministic, balanced, and the n shards together cover each guide once.
 * Guides in subfolders sort by their slug too (slugs are unique), so grouping
 * guides into folders does not move them between shards.
 */
import { UsageError } from '../errors.js';

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

const SHARD_PATTERN = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;

/** Parse "i/n" (1-based). Throws a UsageError for anything else. */
export function parseShard(text: string, what = '--shard'): Shard {
  const match = SHARD_PATTERN.exec(text);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (
    !match ||
    !Number.isSafeInteger(index) ||
    !Number.isSafeInteger(total) ||
    total < 1 ||
    index < 1 ||
    index > total
  ) {
    throw new UsageError(`${what} "${text}" is not a shard like 2/3`, {
      hint: 'write i/n with whole numbers, 1 <= i <= n (e.g. --shard 1/3, --shard 2/3, --shard 3/3).',
    });
  }
  return { index, total };
}

/**
 * The shard asked for: the --shard value when given, else the CI's parallel
 * job variables (GitLab's CI_NODE_INDEX / CI_NODE_TOTAL, 1-based), else none.
 */
export function shardFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  if (flag !== undefined) return parseShard(flag);
  const index = env.CI_NODE_INDEX;
  const total = env.CI_NODE_TOTAL;
  if (index === undefined || total === undefined || index === '' || total === '') return undefined;
  return parseShard(`${index}/${total}`, 'CI_NODE_INDEX/CI_NODE_TOTAL');
}

/** The items of one shard, from items already in a stable order (guides sorted by slug). */
export function pickShard<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (!shard || shard.total === 1) return [...items];
  return items.filter((_, i) => i % shard.total === shard.index - 1);
}
