import type { LogLine } from './container-log.buffer.js';
/** The kubelet's fixed-width RFC3339Nano (types.RFC3339NanoFixed): nine fraction digits, UTC. */
import { formatNanoTime as rfc3339NanoFixed } from '../../../../libs/apimachinery/src/time/metav1.time.js';

/** The kubelet's /containerLogs query (PodLogOptions as query parameters). */
export interface LogQuery {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceMs?: number;
  limitBytes?: number;
}

function bool(v: string | null): boolean {
  return v === 'true' || v === '1';
}

function positiveInt(params: URLSearchParams, name: string, min: number): number | undefined {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}: must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  return n;
}

/** Throws with a message fit for a 400 answer. */
export function parseLogQuery(params: URLSearchParams, now = Date.now()): LogQuery {
  const q: LogQuery = {
    follow: bool(params.get('follow')),
    previous: bool(params.get('previous')),
    timestamps: bool(params.get('timestamps')),
  };
  const tail = positiveInt(params, 'tailLines', 0);
  if (tail !== undefined) q.tailLines = tail;
  const limit = positiveInt(params, 'limitBytes', 1);
  if (limit !== undefined) q.limitBytes = limit;
  const since = positiveInt(params, 'sinceSeconds', 1);
  const sinceTime = params.get('sinceTime');
  if (since !== undefined && sinceTime) throw new Error('at most one of sinceTime or sinceSeconds may be specified');
  if (since !== undefined) q.sinceMs = now - since * 1000;
  if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw new Error(`sinceTime: not an RFC 3339 time: ${JSON.stringify(sinceTime)}`);
    q.sinceMs = t;
  }
  return q;
}

/** since, then tail, as the kubelet applies them (limitBytes is applied while writing). */
export function selectLines(lines: readonly LogLine[], q: LogQuery): LogLine[] {
  let out = q.sinceMs === undefined ? lines.slice() : lines.filter((l) => l.at >= q.sinceMs!);
  if (q.tailLines !== undefined) out = q.tailLines === 0 ? [] : out.slice(-q.tailLines);
  return out;
}

export function formatLine(l: LogLine, q: LogQuery): string {
  return q.timestamps ? `${rfc3339NanoFixed(l.at)} ${l.text}\n` : `${l.text}\n`;
}
