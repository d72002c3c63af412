import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContainerLogBuffer, LogLine } from '../logs/container-log.buffer.js';
import { formatLine, parseLogQuery, selectLines, type LogQuery } from '../logs/container-log.query.js';
import type { PodRuntime } from '../pod/pod.runtime.js';

type PodLookup = (namespace: string, name: string) => PodRuntime | undefined;

class HttpError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The kubelet's HTTP API for all nodes of this process, on loopback only: today
 * GET /containerLogs/{namespace}/{pod}/{container}, which the apiserver's pods/log proxies to.
 */
export class KubeletServer {
  private readonly server: http.Server;
  private readonly open = new Set<http.ServerResponse>();

  constructor(private readonly lookup: PodLookup) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const res of this.open) res.end();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    try {
      const url = new URL(req.url ?? '/', 'http://kubelet');
      if (req.method !== 'GET') throw new HttpError(405, `method ${req.method ?? ''} not allowed`);
      if (url.pathname === '/healthz') return this.text(res, 200, 'ok');
      const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      if (!m) throw new HttpError(404, `404 page not found`);
      const [ns, pod, container] = [m[1]!, m[2]!, m[3]!].map(decodeURIComponent) as [string, string, string];
      let q: LogQuery;
      try {
        q = parseLogQuery(url.searchParams);
      } catch (e) {
        throw new HttpError(400, e instanceof Error ? e.message : String(e));
      }
      this.serveLog(req, res, this.buffer(ns, pod, container, q.previous), q);
    } catch (e) {
      if (e instanceof HttpError) this.text(res, e.code, `${e.message}\n`);
      else this.text(res, 500, `${String(e)}\n`);
    }
  }

  private buffer(ns: string, pod: string, container: string, previous: boolean): ContainerLogBuffer {
    const rt = this.lookup(ns, pod);
    const c = rt && !rt.removed ? [...rt.init, ...rt.main].find((x) => x.name === container) : undefined;
    if (!c) throw new HttpError(404, `container "${container}" in pod "${pod}" is not available`);
    if (previous) {
      if (!c.previousLog) throw new HttpError(400, `previous terminated container "${container}" in pod "${pod}" not found`);
      return c.previousLog;
    }
    if (!c.log) {
      const why = c.state.kind === 'waiting' ? c.state.reason : 'ContainerCreating';
      throw new HttpError(400, `container "${container}" in pod "${pod}" is waiting to start: ${why}`);
    }
    return c.log;
  }

  private serveLog(req: http.IncomingMessage, res: http.ServerResponse, buf: ContainerLogBuffer, q: LogQuery): void {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
    let budget = q.limitBytes ?? Infinity;
    /** Writes within limitBytes; false once the limit is reached (the answer is then complete). */
    const write = (l: LogLine): boolean => {
      const b = Buffer.from(formatLine(l, q));
      if (b.length >= budget) {
        res.write(b.subarray(0, budget));
        budget = 0;
        return false;
      }
      budget -= b.length;
      res.write(b);
      return true;
    };
    for (const l of selectLines(buf.snapshot(), q)) {
      if (!write(l)) return void res.end();
    }
    if (!q.follow || buf.closed) return void res.end();
    this.open.add(res);
    const unsubscribe = buf.subscribe((l) => {
      if (l && write(l)) return;
      unsubscribe();
      this.open.delete(res);
      res.end();
    });
    res.flushHeaders();
    req.socket.setKeepAlive(true);
    res.on('close', () => {
      unsubscribe();
      this.open.delete(res);
    });
  }

  private text(res: http.ServerResponse, code: number, body: string): void {
    res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(body);
  }
}
