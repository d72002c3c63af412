import { formatTime } from '../../../../../libs/apimachinery/src/time/metav1.time.js';

/**
 * Go's apimachinery duration.HumanDuration: about two significant figures, so ages stay short
 * in columns. `ms` is a duration in milliseconds.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  // Up to a second of clock skew in the future still reads as "now".
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const d = Math.trunc(hours / 24);
    return h === 0 ? `${d}d` : `${d}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const y = Math.trunc(hours / 24 / 365);
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Parses an RFC 3339 timestamp; absent or unparsable ones are Go's zero time (undefined). */
export function parseTime(v: unknown): number | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** Upstream translateTimestampSince: `<unknown>` for a zero timestamp. */
export function since(ts: unknown, now: Date): string {
  const t = parseTime(ts);
  return t === undefined ? '<unknown>' : humanDuration(now.getTime() - t);
}

/** Go's time.RFC3339 rendering of a UTC instant (no fractional seconds); zero time for absent. */
export function rfc3339(ts: unknown): string {
  const t = parseTime(ts);
  if (t === undefined) return '0001-01-01T00:00:00Z';
  return formatTime(t);
}
