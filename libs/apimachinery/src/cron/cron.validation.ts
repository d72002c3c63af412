/**
 * A light check of cron schedules as robfig/cron (standard 5-field parser) accepts them. Returns the
 * parser's error text, or '' when valid.
 */
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const NAMES = /^(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT)$/i;
const BOUNDS: ReadonlyArray<readonly [number, number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function checkField(text: string, [min, max]: readonly [number, number]): string {
  for (const part of text.split(',')) {
    const [range = '', step] = part.split('/');
    if (step !== undefined && !/^[0-9]+$/.test(step))
      return `failed to parse int from ${step}: strconv.Atoi: parsing "${step}": invalid syntax`;
    if (range === '*' || range === '?') continue;
    for (const bound of range.split('-')) {
      if (NAMES.test(bound)) continue;
      if (!/^[0-9]+$/.test(bound)) return `failed to parse int from ${bound}: strconv.Atoi: parsing "${bound}": invalid syntax`;
      const n = Number(bound);
      if (n < min) return `beginning of range (${n}) below minimum (${min}): ${text}`;
      if (n > max) return `end of range (${n}) above maximum (${max}): ${text}`;
    }
  }
  return '';
}

export function cronScheduleError(schedule: string): string {
  let s = schedule.trim();
  const tz = /^(CRON_TZ|TZ)=\S+\s+/.exec(s);
  if (tz) s = s.slice(tz[0].length);
  if (s.startsWith('@')) {
    if (DESCRIPTORS.has(s) || /^@every\s+\S+$/.test(s)) return '';
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/).filter((f) => f.length > 0);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    const err = checkField(fields[i] ?? '', BOUNDS[i] ?? [0, 0]);
    if (err) return err;
  }
  return '';
}
