/**
 * The wire formats of metav1 timestamps, always UTC. Each truncates (never rounds) to its precision,
 * as Go's time.Format does.
 */

/** metav1.Time: RFC 3339 at second precision (`2026-12-07T23:15:04Z`). */
export function formatTime(at: Date | number = new Date()): string {
  return toDate(at)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime: six fraction digits (Lease renewTime, events.k8s.io eventTime). */
export function formatMicroTime(at: Date | number = new Date()): string {
  return toDate(at).toISOString().replace(/Z$/, '000Z');
}

/** The kubelet's fixed-width RFC3339Nano (types.RFC3339NanoFixed): nine fraction digits. */
export function formatNanoTime(at: Date | number = new Date()): string {
  return toDate(at)
    .toISOString()
    .replace(/\.(\d{3})Z$/, '.$1000000Z');
}

function toDate(at: Date | number): Date {
  return typeof at === 'number' ? new Date(at) : at;
}
