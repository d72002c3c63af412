import { randomUUID } from 'node:crypto';
import type { KubeObject, ObjectMeta } from './strategy.interface.js';

/** RFC 3339 at second precision, as metav1.Time serializes. */
export function nowTimestamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function newUid(): string {
  return randomUUID();
}

export function metaOf(obj: KubeObject): ObjectMeta {
  if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
  return obj.metadata;
}

/** Everything but metadata and status: a change here bumps metadata.generation. */
export function specPart(obj: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = obj;
  return JSON.stringify(rest);
}

export function isTerminalPodPhase(phase: unknown): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}
