/**
 * A start-up failure the user can act on: what went wrong and what to do about it. The launcher
 * prints these as one short message instead of a stack trace.
 */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** The one message `npm start` prints when it cannot start. */
export function startupFailureMessage(e: unknown): string {
  if (e instanceof StartupError) return `npm start: ${e.message}\n  what to do: ${e.hint}`;
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as NodeJS.ErrnoException).code;
  const hint =
    code === 'EACCES' || code === 'EPERM'
      ? 'check that the user running `npm start` may read and write the checkout and its .data directory'
      : code === 'EADDRINUSE'
        ? 'another process uses the port: stop it or choose others with KOP_PORT / KOP_PG_PORT'
        : 'see the message above; run `npm run build` again if dist/ is stale, and report the problem if it persists';
  return `npm start: cannot start the control plane: ${err.message}\n  what to do: ${hint}`;
}
