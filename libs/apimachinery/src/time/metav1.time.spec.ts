import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatMicroTime, formatNanoTime, formatTime } from './metav1.time.js';

describe('metav1 time formats', () => {
  const at = Date.UTC(2026, 11, 7, 23, 15, 4, 987);

  it('Time truncates to whole seconds', () => {
    assert.equal(formatTime(at), '2026-12-07T23:15:04Z');
    assert.equal(formatTime(new Date(at)), '2026-12-07T23:15:04Z');
  });

  it('MicroTime has six fraction digits', () => {
    assert.equal(formatMicroTime(at), '2026-12-07T23:15:04.987000Z');
  });

  it('RFC3339NanoFixed has nine fraction digits, zero milliseconds included', () => {
    assert.equal(formatNanoTime(at), '2026-12-07T23:15:04.987000000Z');
    assert.equal(formatNanoTime(Date.UTC(2026, 0, 1)), '2026-01-01T00:00:00.000000000Z');
  });

  it('defaults to now', () => {
    assert.match(formatTime(), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
