import { formatTime } from '../../../../../libs/apimachinery/src/time/metav1.time.js';
import { jsonEqual } from '../../../../../libs/apimachinery/src/json/json.equal.js';
import { randomUUID } from 'node:crypto';
import type { KubeObject, ObjectMeta } from './strategy.interface.js';

/** RFC 3339 at second precision, as metav1.Time serializes. */
export function nowTimestamp(now = new Date()): string {
  return formatTime(now);
}

export function newUid(): string {
  return randomUUID();
}

export function metaOf(obj: KubeObject): ObjectMeta {
  if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
  return obj.metadata;
}

/**
 * Whether anything but metadata and status differs (a change here bumps metadata.generation).
 * Key order is irrelevant: stored objects come back from jsonb in its own key order.
 */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  const { metadata: _m1, status: _s1, ...ra } = a;
  const { metadata: _m2, status: _s2, ...rb } = b;
  return !jsonEqual(ra, rb);
}
