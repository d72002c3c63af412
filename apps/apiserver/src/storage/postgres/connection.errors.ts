import type pg from 'pg';
import { ApiError } from '../../../../../libs/apimachinery/src/status.errors.js';

/**
 * A lost or unobtainable PostgreSQL connection (terminated backend, server restart, refused
 * connect) is not the request's fault and must not cost the process: reads are retried on a fresh
 * connection, and what still fails leaves as a retriable Status, never as a 500:
 *
 * - 503 ServiceUnavailable when nothing was done (no connection, or a read): retry at will;
 * - 504 Timeout when a write was sent and its outcome is unknown (the commit may have happened),
 *   as upstream answers when etcd does not respond within the request's deadline.
 *
 * Both carry retryAfterSeconds, which client-go honours by retrying on its own.
 */

/** SQLSTATEs of a connection that is gone or refused (class 08, operator intervention 57P0x, too many connections). */
function isConnectionSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Messages node-postgres throws when the socket is gone (it has no code for them). */
const LOST = /Connection terminated|not queryable|Connection ended|timeout exceeded when trying to connect|Client was closed/i;

/** No connection could be obtained (refused, database not accepting connections …): nothing was sent. */
class ConnectFailed extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ConnectFailed';
  }
}

export function isConnectionError(e: unknown): boolean {
  if (e instanceof ConnectFailed) return true;
  if (!(e instanceof Error) || e instanceof ApiError) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isConnectionSqlState(code)))) return true;
  return LOST.test(e.message);
}

/** The query provably never reached the server (the client was already dead): safe to send again. */
export function wasNotSent(e: unknown): boolean {
  if (e instanceof ConnectFailed) return true;
  return e instanceof Error && /not queryable|Client was closed/i.test(e.message);
}

export function storageUnavailable(cause: unknown): ApiError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(503, 'ServiceUnavailable', `storage is unavailable, please try again: ${why}`, { retryAfterSeconds: 1 }, { cause });
}

export function writeOutcomeUnknown(cause: unknown): ApiError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(
    504,
    'Timeout',
    `Timeout: the connection to storage was lost while the write was in flight; it may or may not have been applied: ${why}`,
    { retryAfterSeconds: 1 },
    { cause },
  );
}

/**
 * Runs `use` on a checked-out client and gives the client back in the state it is in: a client
 * whose connection broke is discarded by the pool (release with the error), any other failure rolls
 * back an open transaction first. A failure to connect is a ConnectFailed.
 */
export async function withClient<T>(pool: pg.Pool, use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    throw new ConnectFailed(e);
  }
  try {
    const result = await use(client);
    client.release();
    return result;
  } catch (e) {
    if (isConnectionError(e)) {
      client.release(e as Error);
    } else {
      // Outside a transaction ROLLBACK is only a warning.
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
    throw e;
  }
}

const READ_ATTEMPTS = 3;

/**
 * Runs a read, retrying it on a fresh connection when the connection was lost (a read has no
 * effect to repeat); after the last attempt the loss becomes 503 ServiceUnavailable.
 */
export async function retryRead<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (e) {
      if (!isConnectionError(e)) throw e;
      if (attempt >= READ_ATTEMPTS) throw storageUnavailable(e);
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}
