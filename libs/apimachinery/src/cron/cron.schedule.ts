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

/**
 * A schedule robfig/cron's standard parser rejects. `upstream` is that parser's error text, which the
 * API server reports; `message` is the same text except for out-of-bounds ranges.
 */
export class CronSyntaxError extends Error {
  constructor(
    readonly upstream: string,
    message = upstream,
  ) {
    super(message);
    this.name = 'CronSyntaxError';
  }
}

/** Go's strconv.Quote for the printable ASCII that schedules hold. */
const quote = (s: string): string => JSON.stringify(s);

/** robfig's mustParseInt: strconv.Atoi of a field number, texts as Go prints them. */
function parseInt64(s: string): number {
  const m = /^[+-]?([0-9]+)$/.exec(s);
  if (!m) throw new CronSyntaxError(`failed to parse int from ${s}: strconv.Atoi: parsing ${quote(s)}: invalid syntax`);
  const n = BigInt(s.startsWith('+') ? s.slice(1) : s);
  if (n > 9223372036854775807n || n < -9223372036854775808n)
    throw new CronSyntaxError(`failed to parse int from ${s}: strconv.Atoi: parsing ${quote(s)}: value out of range`);
  if (n < 0n) throw new CronSyntaxError(`negative number (${n}) not allowed: ${s}`);
  return Number(n);
}

/** One comma-separated field, as robfig's getField/getRange read it (same checks, same order). */
function parseField(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Field {
  const values = new Set<number>();
  let star = false;
  const num = (s: string): number => {
    const i = names.indexOf(s.toUpperCase());
    return i >= 0 ? i + nameBase : parseInt64(s);
  };
  for (const part of text.split(',')) {
    const slashes = part.split('/');
    const [range = '', stepText] = slashes;
    const bounds = range.split('-');
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      [lo, hi] = [min, max];
    } else {
      lo = num(bounds[0] ?? '');
      if (bounds.length > 2) throw new CronSyntaxError(`too many hyphens: ${part}`);
      hi = bounds.length === 2 ? num(bounds[1] ?? '') : lo;
    }
    if (slashes.length > 2) throw new CronSyntaxError(`too many slashes: ${part}`);
    const step = stepText === undefined ? 1 : parseInt64(stepText);
    // "N/step" means "N-max/step".
    if (stepText !== undefined && bounds.length === 1) hi = max;
    const outOfBounds = `invalid range ${part} (allowed ${min}-${max})`;
    if (lo < min) throw new CronSyntaxError(`beginning of range (${lo}) below minimum (${min}): ${part}`, outOfBounds);
    if (hi > max) throw new CronSyntaxError(`end of range (${hi}) above maximum (${max}): ${part}`, outOfBounds);
    if (lo > hi) throw new CronSyntaxError(`beginning of range (${lo}) beyond end of range (${hi}): ${part}`, outOfBounds);
    if (step === 0) throw new CronSyntaxError(`step of range should be a positive number: ${part}`);
    if ((range === '*' || range === '?') && step === 1) star = true;
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

/** Parses a schedule as robfig/cron's standard parser does; throws a CronSyntaxError when it is invalid. */
export function parseSchedule(schedule: string, timeZone = 'UTC'): CronSchedule {
  if (schedule === '') throw new CronSyntaxError('empty spec string');
  let spec = schedule.trim();
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(spec);
  if (tz) {
    timeZone = tz[1] ?? timeZone;
    spec = spec.slice(tz[0].length);
  }
  if (spec.startsWith(EVERY)) return everySchedule(parseEvery(spec));
  if (spec.startsWith('@')) {
    const d = DESCRIPTORS[spec];
    if (!d) throw new CronSyntaxError(`unrecognized descriptor: ${spec}`);
    spec = d;
  }
  const parts = spec.split(/\s+/).filter((p) => p.length > 0);
  if (parts.length !== 5) throw new CronSyntaxError(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
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

const EVERY = '@every ';
const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: MINUTE_MS,
  h: 60 * MINUTE_MS,
};

/** `@every <d>`: the interval in whole seconds, at least one, as robfig's Every rounds it. */
function parseEvery(descriptor: string): number {
  const ms = parseGoDuration(descriptor.slice(EVERY.length), (why) => `failed to parse duration ${descriptor}: ${why}`);
  return Math.max(1000, Math.floor(ms / 1000) * 1000);
}

/** Go's time.ParseDuration in milliseconds; `fail` wraps Go's error text. */
function parseGoDuration(orig: string, fail: (why: string) => string): number {
  const invalid = (): CronSyntaxError => new CronSyntaxError(fail(`time: invalid duration ${quote(orig)}`));
  let s = orig;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let ms = 0;
  while (s !== '') {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(s);
    const [whole = '', int = '', frac] = m ?? [];
    if (int === '' && (frac ?? '') === '') throw invalid();
    s = s.slice(whole.length);
    const unit = /^[^0-9.]*/.exec(s)?.[0] ?? '';
    if (unit === '') throw new CronSyntaxError(fail(`time: missing unit in duration ${quote(orig)}`));
    const scale = DURATION_UNITS[unit];
    if (scale === undefined) throw new CronSyntaxError(fail(`time: unknown unit ${quote(unit)} in duration ${quote(orig)}`));
    ms += Number(`${int || '0'}.${frac ?? ''}0`) * scale;
    s = s.slice(unit.length);
  }
  return sign * ms;
}

/** `@every d`: activations every d from the epoch on whole seconds (robfig rounds to the second). */
function everySchedule(ms: number): CronSchedule {
  return {
    next: (t) => new Date((Math.floor(t.getTime() / ms) + 1) * ms),
    prev: (t) => new Date(Math.floor(t.getTime() / ms) * ms),
  };
}
