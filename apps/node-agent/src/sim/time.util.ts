/** metav1.Time: RFC 3339 at second precision, as the API serializes it. */
export { formatTime as rfc3339 } from '../../../../libs/apimachinery/src/time/metav1.time.js';

/** A short Go-style duration for messages ("10s", "1m20s", "5m0s"). */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return `${m}m${s % 60}s`;
}
