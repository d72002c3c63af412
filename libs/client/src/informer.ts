import type { ApiStatusError, KubeClient } from './kube.client.js';

export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; uid?: string; [k: string]: unknown };
  [k: string]: unknown;
}

interface InformerOptions<T extends KObject = KObject> {
  labelSelector?: string;
  fieldSelector?: string;
  /** Resync: re-deliver every cached object as an update this often (0 = never). */
  resyncMs?: number;
  /**
   * Applied to every listed or watched object before it is stored and handed to handlers, so a
   * cache of thousands of objects keeps only the fields its users read (client-go's SetTransform).
   * It must keep metadata.name, namespace and resourceVersion.
   */
  transform?: (obj: T) => T;
}

type Handler<T> = (obj: T, old?: T) => void;

export function keyOf(obj: KObject): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name ?? ''}` : (obj.metadata?.name ?? '');
}

/**
 * List, then watch from the list's version; on a dropped stream watch again from the last seen
 * version; on 410 Gone list again and reconcile the cache (deletions included), as client-go's
 * reflector does. Handlers run synchronously in event order.
 */
export class Informer<T extends KObject> {
  private readonly store = new Map<string, T>();
  private lastRv = '';
  private stopped = false;
  private synced = false;
  private controller: AbortController | undefined;
  private readonly onAdd: Handler<T>[] = [];
  private readonly onUpdate: Handler<T>[] = [];
  private readonly onDelete: Handler<T>[] = [];
  private syncWaiters: Array<() => void> = [];
  private resyncTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: KubeClient,
    /** Collection path, e.g. `/api/v1/pods` or `/apis/apps/v1/namespaces/x/deployments`. */
    private readonly path: string,
    private readonly opts: InformerOptions<T> = {},
  ) {}

  on(event: 'add' | 'update' | 'delete', h: Handler<T>): this {
    (event === 'add' ? this.onAdd : event === 'update' ? this.onUpdate : this.onDelete).push(h);
    return this;
  }

  /** Starts the loop; resolves once the first list is in the cache. */
  start(): Promise<void> {
    void this.run();
    if (this.opts.resyncMs) {
      this.resyncTimer = setInterval(() => {
        for (const o of this.store.values()) for (const h of this.onUpdate) h(o, o);
      }, this.opts.resyncMs);
      this.resyncTimer.unref();
    }
    return this.synced ? Promise.resolve() : new Promise((r) => this.syncWaiters.push(r));
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    if (this.resyncTimer) clearInterval(this.resyncTimer);
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  list(): T[] {
    return [...this.store.values()];
  }

  get(key: string): T | undefined {
    return this.store.get(key);
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (!this.stopped) {
      try {
        if (!this.lastRv) await this.relist();
        await this.watch();
        backoff = 100;
      } catch (e) {
        if ((e as ApiStatusError).code === 410) {
          this.lastRv = '';
          continue;
        }
        if (this.stopped) return;
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  private async relist(): Promise<void> {
    const seen = new Set<string>();
    let cont = '';
    let rv = '';
    do {
      const page = await this.client.get<{ items: T[]; metadata: { resourceVersion: string; continue?: string } }>(this.path, {
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
        limit: 500,
        continue: cont || undefined,
      });
      rv = page.metadata.resourceVersion;
      cont = page.metadata.continue ?? '';
      for (const raw of page.items) {
        const item = this.opts.transform ? this.opts.transform(raw) : raw;
        const k = keyOf(item);
        seen.add(k);
        const old = this.store.get(k);
        this.store.set(k, item);
        if (!old) this.onAdd.forEach((h) => h(item));
        else if (old.metadata?.resourceVersion !== item.metadata?.resourceVersion) this.onUpdate.forEach((h) => h(item, old));
      }
    } while (cont);
    for (const [k, old] of this.store) {
      if (!seen.has(k)) {
        this.store.delete(k);
        this.onDelete.forEach((h) => h(old));
      }
    }
    this.lastRv = rv;
    if (!this.synced) {
      this.synced = true;
      this.syncWaiters.forEach((r) => r());
      this.syncWaiters = [];
    }
  }

  private async watch(): Promise<void> {
    this.controller = new AbortController();
    const res = await this.client.raw('GET', this.path, {
      query: {
        watch: 1,
        resourceVersion: this.lastRv,
        allowWatchBookmarks: true,
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
        timeoutSeconds: 300 + Math.floor(Math.random() * 300),
      },
      signal: this.controller.signal,
    });
    if ((res.statusCode ?? 500) >= 400) {
      res.resume();
      const err = new Error(`watch failed with ${res.statusCode}`) as Error & { code: number };
      err.code = res.statusCode ?? 500;
      throw err;
    }
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (!line.trim()) continue;
          try {
            this.handle(JSON.parse(line) as { type: string; object: T & { code?: number } });
          } catch (e) {
            res.destroy();
            reject(e);
            return;
          }
        }
      });
      res.on('end', () => resolve());
      res.on('error', (e) => (this.stopped ? resolve() : reject(e)));
      res.on('close', () => resolve());
    });
  }

  private handle(ev: { type: string; object: T & { code?: number } }): void {
    const obj = ev.object;
    if (ev.type === 'ERROR') {
      const err = new Error(String((obj as { message?: string }).message ?? 'watch error')) as Error & { code: number };
      err.code = obj.code ?? 500;
      throw err;
    }
    if (obj.metadata?.resourceVersion) this.lastRv = obj.metadata.resourceVersion;
    if (ev.type === 'BOOKMARK') return;
    this.apply(ev.type, this.opts.transform ? this.opts.transform(obj) : obj);
  }

  private apply(type: string, obj: T): void {
    const k = keyOf(obj);
    const old = this.store.get(k);
    if (type === 'DELETED') {
      this.store.delete(k);
      this.onDelete.forEach((h) => h(obj));
      return;
    }
    this.store.set(k, obj);
    if (old) this.onUpdate.forEach((h) => h(obj, old));
    else this.onAdd.forEach((h) => h(obj));
  }
}
