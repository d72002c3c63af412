import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, rfc3339, since } from './duration.format.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (kubectl AGE)', () => {
  const cases: Array<[number, string]> = [
    [-3 * S, '<invalid>'],
    [-1500, '0s'],
    [0, '0s'],
    [59 * S, '59s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [2 * M + 3 * S, '2m3s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [90 * M, '90m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 5 * M, '3h5m'],
    [8 * H + 5 * M, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [2 * D + 5 * H, '2d5h'],
    [8 * D + 5 * H, '8d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [3 * 365 * D + 20 * D, '3y20d'],
    [9 * 365 * D, '9y'],
  ];
  for (const [ms, want] of cases) {
    it(`${ms}ms → ${want}`, () => assert.equal(humanDuration(ms), want));
  }
  it('prints <unknown> for a missing timestamp', () => {
    assert.equal(since(undefined, new Date()), '<unknown>');
  });
  it('renders Created At as RFC 3339 without fractions', () => {
    assert.equal(rfc3339('2024-05-01T10:00:00.123Z'), '2024-05-01T10:00:00Z');
  });
});
