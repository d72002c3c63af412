import http from 'node:http';
import { ApiError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import { LogQuery, parseQuery } from '../../../http/query.options.js';
import type { SubresourceHandler } from '../../generic/resource.definition.js';
import type { KubeObject } from '../../generic/strategy.interface.js';

interface LogOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  timestamps?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
}

/** Hosts the apiserver will connect to for node-local endpoints: simulated kubelets serve on loopback only. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Picks the container as upstream's LogLocation does (the only one, or the name the client gave). */
function logContainer(pod: KubeObject, requested: string | undefined): string {
  const spec = (pod.spec ?? {}) as {
    containers?: Array<{ name: string }>;
    initContainers?: Array<{ name: string }>;
    ephemeralContainers?: Array<{ name: string }>;
  };
  const name = pod.metadata?.name ?? '';
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name);
  if (requested) {
    if (!all.includes(requested)) {
      throw ApiError.badRequest(`container ${requested} is not valid for pod ${name}`);
    }
    return requested;
  }
  const main = (spec.containers ?? []).map((c) => c.name);
  if (main.length === 1) return main[0]!;
  throw ApiError.badRequest(`a container name must be specified for pod ${name}, choose one of: [${main.join(' ')}]`);
}

/** The kubelet URL of a node: the loopback endpoint its agent announced. */
function kubeletUrl(node: KubeObject | undefined, podName: string): URL {
  const raw = node?.metadata?.annotations?.['kop.dev/kubelet-url'];
  if (!raw) throw ApiError.badRequest(`pod ${podName} has no reachable kubelet`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw ApiError.badRequest(`pod ${podName} has no reachable kubelet`);
  }
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
    throw ApiError.badRequest(`pod ${podName} has no reachable kubelet`);
  }
  return url;
}

/** Opens the container log stream on the pod's kubelet (kubelet API: /containerLogs/{ns}/{pod}/{container}). */
function openContainerLog(base: URL, namespace: string, pod: string, container: string, o: LogOptions): Promise<http.IncomingMessage> {
  const u = new URL(`/containerLogs/${encodeURIComponent(namespace)}/${encodeURIComponent(pod)}/${encodeURIComponent(container)}`, base);
  if (o.follow) u.searchParams.set('follow', 'true');
  if (o.previous) u.searchParams.set('previous', 'true');
  if (o.timestamps) u.searchParams.set('timestamps', 'true');
  if (o.tailLines !== undefined) u.searchParams.set('tailLines', String(o.tailLines));
  if (o.sinceSeconds !== undefined) u.searchParams.set('sinceSeconds', String(o.sinceSeconds));
  if (o.limitBytes !== undefined) u.searchParams.set('limitBytes', String(o.limitBytes));
  return new Promise((resolve, reject) => {
    const req = http.get(u, resolve);
    req.on('error', () => reject(new ApiError(500, 'InternalError', `Get "${u.toString()}": the kubelet of this pod is not reachable`)));
  });
}

/** pods/log: proxied to the kubelet (node agent) that runs the pod, streamed as plain text. */
export const podLogSubresource: SubresourceHandler = {
  methods: ['GET'],
  discoveryVerbs: ['get'],
  async handle(req, store, registry) {
    const q = parseQuery(LogQuery, { ...req.query });
    const pod = await store.get(req.def, req.namespace, req.name);
    const container = logContainer(pod, q.container);
    const nodeName = ((pod.spec ?? {}) as { nodeName?: string }).nodeName;
    if (!nodeName) throw ApiError.badRequest(`pod ${req.name} does not have a host assigned`);
    const nodes = registry.lookup('', 'v1', 'nodes');
    const node = nodes ? await store.get(nodes, undefined, nodeName).catch(() => undefined) : undefined;
    const upstream = await openContainerLog(kubeletUrl(node, req.name), req.namespace ?? '', req.name, container, q);
    if ((upstream.statusCode ?? 500) >= 400) {
      const chunks: Buffer[] = [];
      for await (const c of upstream) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8').trim();
      throw upstream.statusCode === 404 ? new ApiError(404, 'NotFound', text) : ApiError.badRequest(text);
    }
    if (req.signal.aborted) upstream.destroy();
    else req.signal.addEventListener('abort', () => upstream.destroy(), { once: true });
    return { type: 'stream', contentType: 'text/plain', stream: upstream };
  },
};
