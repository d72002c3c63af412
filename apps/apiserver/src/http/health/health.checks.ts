import type { Database } from '../../storage/postgres/database.js';
import type { WatchCache } from '../../storage/watch/watch.cache.js';

/** One named check of /healthz, /livez or /readyz; `check` rejects with the reason it failed. */
interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

export type HealthEndpoint = 'healthz' | 'livez' | 'readyz';

/** kube-apiserver's --etcd-healthcheck-timeout and --etcd-readiness-timeout default to 2 s. */
const DATABASE_TIMEOUT_MS = 2000;
/** The watch cache reads the history at least every second while the database answers. */
const CACHE_LAG_LIMIT_MS = 5000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const check = (name: string, fn: () => Promise<void> | void): HealthCheck => ({ name, check: async () => fn() });

/**
 * The apiserver's health checks under upstream's names: PostgreSQL plays etcd's part (`etcd`,
 * `etcd-readiness`), the watch cache following the history is `informer-sync`, the default
 * namespaces are the bootstrap controller's post-start hook, and `shutdown` turns /readyz off as
 * soon as a graceful stop begins.
 */
export class HealthChecks {
  private bootstrapped = false;
  private shuttingDown = false;
  readonly healthz: readonly HealthCheck[];
  readonly livez: readonly HealthCheck[];
  readonly readyz: readonly HealthCheck[];

  constructor(db: Database, cache: WatchCache) {
    const ping = check('ping', () => undefined);
    // Upstream's `log` checks that klog is not blocked; console writes here never block the loop.
    const log = check('log', () => undefined);
    const database = (name: string) =>
      check(name, async () => {
        await withTimeout(db.pool.query('SELECT 1'), DATABASE_TIMEOUT_MS, 'PostgreSQL');
      });
    const bootstrap = check('poststarthook/bootstrap-controller', () => {
      if (!this.bootstrapped) throw new Error('not finished');
    });
    const informerSync = check('informer-sync', () => {
      const lag = Date.now() - cache.caughtUpAt;
      if (lag > CACHE_LAG_LIMIT_MS) throw new Error(`watch cache has not caught up with the database for ${Math.round(lag / 1000)} s`);
    });
    const shutdown = check('shutdown', () => {
      if (this.shuttingDown) throw new Error('process is shutting down');
    });
    this.healthz = [ping, log, database('etcd'), bootstrap];
    this.livez = [ping, log, database('etcd'), bootstrap];
    this.readyz = [ping, log, database('etcd'), database('etcd-readiness'), informerSync, bootstrap, shutdown];
  }

  markBootstrapped(): void {
    this.bootstrapped = true;
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  checks(endpoint: HealthEndpoint): readonly HealthCheck[] {
    return this[endpoint];
  }
}
