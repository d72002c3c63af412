import { randomInt } from 'node:crypto';

/** Upstream's alphabet for generated suffixes: no vowels (no accidental words), no look-alikes (0/1/3). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
const RANDOM_LENGTH = 5;
/** 63 (max DNS label) minus the random suffix, so generated names stay valid labels. */
export const MAX_GENERATED_NAME_BASE_LENGTH = 63 - RANDOM_LENGTH;

/** Picks an index in [0, n); injectable so tests can be deterministic. */
type RandomIndex = (n: number) => number;

/** `metadata.generateName` → name: base truncated to 58 chars + 5 random chars. */
export function generateName(base: string, random: RandomIndex = randomInt): string {
  const trimmed = base.length > MAX_GENERATED_NAME_BASE_LENGTH ? base.slice(0, MAX_GENERATED_NAME_BASE_LENGTH) : base;
  let suffix = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) suffix += ALPHANUMS[random(ALPHANUMS.length)] ?? 'b';
  return trimmed + suffix;
}
