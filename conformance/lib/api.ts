import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before } from 'node:test';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.js';

interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny JSON client for conformance tests that need exact requests (content types, raw watch). */
export class Api {
  /** The server's URL; fixtures set it once the server is up. */
  constructor(public base: string) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    accept = 'application/json',
  ): Promise<Reply<T>> {
    const r = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': contentType, accept },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as T, headers: r.headers };
  }

  get<T = Record<string, unknown>>(path: string, accept?: string): Promise<Reply<T>> {
    return this.call<T>('GET', path, undefined, 'application/json', accept);
  }

  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const r = await this.call<T>(method, path, body, contentType);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  mergePatch<T = Record<string, unknown>>(path: string, patch: unknown): Promise<T> {
    return this.ok<T>('PATCH', path, patch, 'application/merge-patch+json');
  }

  /** Opens a watch and collects `{type, object}` events until stopped. */
  watch(path: string): WatchStream {
    return new WatchStream(`${this.base}${path}`);
  }
}

interface WatchEvent {
  type: string;
  object: {
    metadata: { name: string; resourceVersion: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    [k: string]: unknown;
  };
}

class WatchStream {
  readonly events: WatchEvent[] = [];
  private readonly req: http.ClientRequest;
  readonly opened: Promise<void>;
  ended = false;

  constructor(url: string) {
    let open: () => void = () => undefined;
    this.opened = new Promise((r) => (open = r));
    let buf = '';
    this.req = http.get(url, (res) => {
      open();
      res.on('data', (c: Buffer) => {
        buf += c.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          this.events.push(JSON.parse(buf.slice(0, nl)) as WatchEvent);
          buf = buf.slice(nl + 1);
        }
      });
      res.on('end', () => (this.ended = true));
    });
    this.req.on('error', () => (this.ended = true));
  }

  /** Waits until `n` events arrived (or the timeout), returns them. */
  async take(n: number, ms = 5000): Promise<WatchEvent[]> {
    const deadline = Date.now() + ms;
    while (this.events.length < n && Date.now() < deadline && !this.ended) await new Promise((r) => setTimeout(r, 20));
    return this.events.slice(0, n);
  }

  stop(): void {
    this.req.destroy();
  }
}

export function names(list: { items: Array<{ metadata: { name: string } }> }): string[] {
  return list.items.map((i) => i.metadata.name).sort();
}

/** Polls `fn` until it returns something truthy; fails with `what` after `ms`. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One test cluster per file, shared by its tests; `api` points at it once `before` ran. */
export function clusterFixture(nodes = 2): { readonly api: Api; readonly cluster: () => TestCluster } {
  const api = new Api('');
  let cluster: TestCluster | undefined;
  before(async () => {
    cluster = await startTestCluster({ nodes });
    api.base = cluster.url;
  });
  after(async () => {
    await cluster?.stop();
  });
  return { api, cluster: () => cluster! };
}
