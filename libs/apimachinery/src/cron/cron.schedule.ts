/**
 * Standard 5-field cron schedules as robfig/cron's standard parser reads them (what the upstream
 * CronJob controller uses): lists, ranges, steps, month/day names, `@hourly`-style descriptors and
 * `@every <duration>`, evaluated in an IANA time zone. Day-of-month and day-of-week match when
 * either does if both are restricted, as in robfig/cron.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MINUTE_MS = 60_000;

interface Field {
  values: Set<number>;
  star: boolean;
}

export interface CronSchedule {
  /** The first activation strictly after `t`. */
  next(t: Date): Date;
  /** The last activation at or before `t`. */
  prev(t: Date): Date;
}

function parseField(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Field {
  const values = new Set<number>();
  let star = false;
  const num = (s: string): number => {
    const i = names.indexOf(s.toUpperCase());
    if (i >= 0) return i + nameBase;
    if (!/^[0-9]+$/.test(s)) throw new Error(`failed to parse int from ${s}`);
    return Number(s);
  };
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : num(stepText);
    if (step <= 0) throw new Error(`step of range should be a positive number: ${part}`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      [lo, hi] = [min, max];
      if (step === 1) star = true;
    } else {
      const [a = '', b] = range.split('-');
      lo = num(a);
      hi = b === undefined ? (stepText === undefined ? lo : max) : num(b);
    }
    if (lo < min || hi > max || lo > hi) throw new Error(`invalid range ${part} (allowed ${min}-${max})`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, star };
}

interface Wall {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of an instant in a time zone. */
export function wallClock(t: Date, timeZone: string): Wall & { year: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(t)) parts[p.type] = p.value;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']) % 24,
    minute: Number(parts['minute']),
    weekday: DAYS.indexOf((parts['weekday'] ?? '').toUpperCase()),
  };
}

/** RFC 3339 with the zone's offset, as Go's time.Format(time.RFC3339) of t.In(zone). */
export function formatInZone(t: Date, timeZone: string): string {
  const w = wallClock(t, timeZone);
  const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, t.getUTCSeconds());
  const offset = Math.round((wallMs - Math.floor(t.getTime() / 1000) * 1000) / MINUTE_MS);
  const iso = new Date(wallMs).toISOString().replace(/\.\d{3}Z$/, '');
  if (offset === 0) return `${iso}Z`;
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  return `${iso}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Parses a schedule; throws with robfig-like text when invalid. */
export function parseSchedule(schedule: string, timeZone = 'UTC'): CronSchedule {
  let spec = schedule.trim();
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(spec);
  if (tz) {
    timeZone = tz[1] ?? timeZone;
    spec = spec.slice(tz[0].length);
  }
  const every = /^@every\s+(\S+)$/.exec(spec);
  if (every) return everySchedule(parseDuration(every[1] ?? ''));
  if (spec.startsWith('@')) {
    const d = DESCRIPTORS[spec];
    if (!d) throw new Error(`unrecognized descriptor: ${spec}`);
    spec = d;
  }
  const parts = spec.split(/\s+/);
  if (parts.length !== 5) throw new Error(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  const [mi = '', ho = '', dm = '', mo = '', dw = ''] = parts;
  const minute = parseField(mi, 0, 59);
  const hour = parseField(ho, 0, 23);
  const dom = parseField(dm, 1, 31);
  const month = parseField(mo, 1, 12, MONTHS, 1);
  const dow = parseField(dw, 0, 7, DAYS, 0);
  if (dow.values.has(7)) dow.values.add(0);

  const dayMatches = (w: Wall): boolean => {
    const a = dom.values.has(w.day);
    const b = dow.values.has(w.weekday);
    return dom.star || dow.star ? a && b : a || b;
  };
  /** Minutes to move from a non-matching wall time to the next candidate in `dir` (1 or -1). */
  const skip = (w: Wall, dir: 1 | -1): number => {
    if (!month.values.has(w.month) || !dayMatches(w) || !hour.values.has(w.hour)) return dir === 1 ? 60 - w.minute : -(w.minute + 1);
    return minute.values.has(w.minute) ? 0 : dir;
  };
  const scan = (start: number, dir: 1 | -1): Date => {
    let t = start;
    // Five years of hours bounds the search (a schedule like Feb 30 never fires).
    for (let i = 0; i < 5 * 366 * 24 * 2 + 120; i++) {
      const s = skip(wallClock(new Date(t), timeZone), dir);
      if (s === 0) return new Date(t);
      t += s * MINUTE_MS;
    }
    throw new Error(`schedule ${schedule} never fires`);
  };
  return {
    next: (t) => scan(Math.floor(t.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS, 1),
    prev: (t) => scan(Math.floor(t.getTime() / MINUTE_MS) * MINUTE_MS, -1),
  };
}

function parseDuration(s: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let ms = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    const unit = m[2] ?? 's';
    ms += Number(m[1]) * ({ ms: 1, s: 1000, m: MINUTE_MS, h: 60 * MINUTE_MS } as Record<string, number>)[unit]!;
    consumed += m[0].length;
  }
  if (!ms || consumed !== s.length) throw new Error(`failed to parse duration @every ${s}`);
  return Math.max(1000, Math.floor(ms / 1000) * 1000);
}

/** `@every d`: activations every d from the epoch on whole seconds (robfig rounds to the second). */
function everySchedule(ms: number): CronSchedule {
  return {
    next: (t) => new Date((Math.floor(t.getTime() / ms) + 1) * ms),
    prev: (t) => new Date(Math.floor(t.getTime() / ms) * ms),
  };
}
