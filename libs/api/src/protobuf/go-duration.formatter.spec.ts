import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoDuration } from './go-duration.formatter.js';

describe('formatGoDuration matches time.Duration.String', () => {
  const cases: Array<[bigint, string]> = [
    [0n, '0s'],
    [1n, '1ns'],
    [1_100n, '1.1µs'],
    [2_200_000n, '2.2ms'],
    [1_000_000_000n, '1s'],
    [1_500_000_000n, '1.5s'],
    [60_000_000_000n, '1m0s'],
    [61_500_000_000n, '1m1.5s'],
    [3_600_000_000_000n, '1h0m0s'],
    [3_723_000_000_001n, '1h2m3.000000001s'],
    [-5_000_000_000n, '-5s'],
    [-(2n ** 63n), '-2562047h47m16.854775808s'],
  ];
  for (const [nanos, text] of cases) {
    it(`${nanos}ns -> ${text}`, () => assert.equal(formatGoDuration(nanos), text));
  }
});
