import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SchedulerMetrics } from './scheduler.metrics.js';

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * kube-scheduler's secure port serves /healthz and /metrics; this one is plain HTTP on loopback
 * only (no authentication to delegate to), `port` 0 for an ephemeral one.
 */
export async function startMetricsServer(
  metrics: SchedulerMetrics,
  port: number,
  healthy: () => boolean,
  host = '127.0.0.1',
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    switch (path) {
      case '/healthz':
      case '/livez':
      case '/readyz': {
        const ok = healthy();
        res
          .writeHead(ok ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' })
          .end(ok ? 'ok' : `[-]informers failed\n${path.slice(1)} check failed`);
        return;
      }
      case '/metrics':
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(metrics.render());
        return;
      default:
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
