import http from 'node:http';
import https from 'node:https';
import * as k8s from '@kubernetes/client-node';

/** A failed API call, carrying the server's metav1.Status. */
export class ApiStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly status?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiStatusError';
  }
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

/**
 * The transport of the control-plane processes: JSON over keep-alive HTTP(S) with the
 * kubeconfig's server, credentials and TLS settings. Informers, controllers, the scheduler and
 * node agents talk to the apiserver only through this (the public API).
 */
export class KubeClient {
  readonly server: URL;
  private readonly agent: http.Agent;
  private readonly baseOptions: https.RequestOptions = {};
  private ready: Promise<void>;

  constructor(
    readonly kc: k8s.KubeConfig,
    maxSockets = 64,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
    const secure = this.server.protocol === 'https:';
    this.agent = secure ? new https.Agent({ keepAlive: true, maxSockets }) : new http.Agent({ keepAlive: true, maxSockets });
    this.ready = kc.applyToHTTPSOptions(this.baseOptions as https.RequestOptions);
  }

  url(path: string, query?: RequestOptions['query']): URL {
    const u = new URL(path, this.server);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
    return u;
  }

  async request<T = Record<string, unknown>>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.raw(method, path, opts);
    const text = await readAll(res);
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if ((res.statusCode ?? 500) >= 400) {
      throw new ApiStatusError(res.statusCode ?? 500, String(body['reason'] ?? ''), String(body['message'] ?? text), body);
    }
    return body as T;
  }

  get<T = Record<string, unknown>>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  /** Opens a streaming GET (watch); the caller reads lines from the response. */
  async raw(method: string, path: string, opts: RequestOptions = {}): Promise<http.IncomingMessage> {
    await this.ready;
    const u = this.url(path, opts.query);
    const payload =
      opts.body === undefined ? undefined : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
    const headers: http.OutgoingHttpHeaders = {
      ...((this.baseOptions.headers ?? {}) as http.OutgoingHttpHeaders),
      accept: 'application/json',
    };
    if (payload) {
      headers['content-type'] = opts.contentType ?? 'application/json';
      headers['content-length'] = payload.length;
    }
    const mod = u.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(u, { ...this.baseOptions, method, agent: this.agent, headers, signal: opts.signal }, resolve);
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function readAll(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/** `--kubeconfig`, then KUBECONFIG, then in-cluster service-account files, as client-go does. */
export function loadKubeConfig(argv: readonly string[] = process.argv): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  const flag =
    argv.find((a) => a.startsWith('--kubeconfig='))?.slice('--kubeconfig='.length) ??
    (argv.includes('--kubeconfig') ? argv[argv.indexOf('--kubeconfig') + 1] : undefined);
  if (flag) kc.loadFromFile(flag);
  else kc.loadFromDefault();
  return kc;
}
