import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSchedule } from './cron.schedule.js';
import { cronScheduleError } from './cron.validation.js';

describe('cron schedule validation', () => {
  it('accepts what robfig/cron standard parser accepts', () => {
    for (const s of [
      '*/15 9-17 * * MON-FRI',
      '0 0 1 jan,jul sun',
      '5/10 * ? * *',
      '+5 * * * *',
      '@hourly',
      '@every 1h30m',
      '@every 1.5s',
      '@every 0',
      'TZ=Europe/Berlin 30 8 * * *',
    ]) {
      assert.equal(cronScheduleError(s), '', s);
    }
  });

  it('gives upstream texts, naming the comma part at fault', () => {
    const cases: Record<string, string> = {
      often: 'expected exactly 5 fields, found 1: [often]',
      '   ': 'expected exactly 5 fields, found 0: []',
      '61 * * * *': 'end of range (61) above maximum (59): 61',
      '1,99 * * * *': 'end of range (99) above maximum (59): 99',
      '* * 0 * *': 'beginning of range (0) below minimum (1): 0',
      '5-3 * * * *': 'beginning of range (5) beyond end of range (3): 5-3',
      '*/0 * * * *': 'step of range should be a positive number: */0',
      '1-2-3 * * * *': 'too many hyphens: 1-2-3',
      '*/2/3 * * * *': 'too many slashes: */2/3',
      '*/x * * * *': 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax',
      '*/-2 * * * *': 'negative number (-2) not allowed: -2',
      '99999999999999999999 * * * *':
        'failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range',
      'MON * * * *': 'failed to parse int from MON: strconv.Atoi: parsing "MON": invalid syntax',
      '* * * SUN *': 'failed to parse int from SUN: strconv.Atoi: parsing "SUN": invalid syntax',
      '* * * */FEB *': 'failed to parse int from FEB: strconv.Atoi: parsing "FEB": invalid syntax',
      '@fortnightly': 'unrecognized descriptor: @fortnightly',
      '@every soon': 'failed to parse duration @every soon: time: invalid duration "soon"',
      '@every 5': 'failed to parse duration @every 5: time: missing unit in duration "5"',
      '@every 5d': 'failed to parse duration @every 5d: time: unknown unit "d" in duration "5d"',
    };
    for (const [schedule, text] of Object.entries(cases)) assert.equal(cronScheduleError(schedule), text, schedule);
  });

  it('rejects exactly what the controller cannot schedule', () => {
    for (const s of ['5-3 * * * *', '*/0 * * * *', 'MON * * * *', '@every soon', '1-2-3 * * * *']) {
      assert.notEqual(cronScheduleError(s), '', s);
      assert.throws(() => parseSchedule(s), s);
    }
    assert.equal(parseSchedule('@every 0').next(new Date('2024-01-01T00:00:00Z')).toISOString(), '2024-01-01T00:00:01.000Z');
  });
});
