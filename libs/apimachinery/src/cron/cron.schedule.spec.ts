import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatInZone, parseSchedule } from './cron.schedule.js';

const at = (s: string): Date => new Date(s);

describe('cron schedule', () => {
  it('finds next and previous activations of standard schedules', () => {
    const s = parseSchedule('*/15 9-17 * * MON-FRI');
    assert.equal(s.next(at('2024-03-01T17:50:00Z')).toISOString(), '2024-03-04T09:00:00.000Z');
    assert.equal(s.prev(at('2024-03-04T09:14:59Z')).toISOString(), '2024-03-04T09:00:00.000Z');
    assert.equal(parseSchedule('@hourly').next(at('2024-01-01T10:00:00Z')).toISOString(), '2024-01-01T11:00:00.000Z');
    assert.equal(parseSchedule('@monthly').prev(at('2024-03-15T00:00:00Z')).toISOString(), '2024-03-01T00:00:00.000Z');
    assert.equal(
      parseSchedule('0 0 13 * 5').next(at('2024-01-01T00:00:00Z')).toISOString(),
      '2024-01-05T00:00:00.000Z',
      'day-of-month OR day-of-week',
    );
    assert.equal(parseSchedule('@every 90s').next(at('2024-01-01T00:00:00Z')).toISOString(), '2024-01-01T00:01:30.000Z');
  });

  it('evaluates in the given time zone and formats with its offset', () => {
    const s = parseSchedule('30 8 * * *', 'Europe/Berlin');
    assert.equal(s.next(at('2024-07-01T00:00:00Z')).toISOString(), '2024-07-01T06:30:00.000Z');
    assert.equal(s.next(at('2024-01-01T00:00:00Z')).toISOString(), '2024-01-01T07:30:00.000Z');
    assert.equal(formatInZone(at('2024-07-01T06:30:00Z'), 'Europe/Berlin'), '2024-07-01T08:30:00+02:00');
    assert.equal(formatInZone(at('2024-07-01T06:30:00Z'), 'UTC'), '2024-07-01T06:30:00Z');
  });

  it('rejects malformed schedules', () => {
    assert.throws(() => parseSchedule('* * *'), /expected exactly 5 fields/);
    assert.throws(() => parseSchedule('61 * * * *'), /invalid range/);
    assert.throws(() => parseSchedule('@fortnightly'), /unrecognized descriptor/);
  });
});
