import { Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import { collectionPath, type DiscoveredResource, type DiscoveryResult } from '../namespace/resource.discovery.js';
import type { SharedInformerFactory } from '../shared/informer.factory.js';
import type { GraphObject, WatchedResource } from './owner.graph.js';

interface MonitorHandlers {
  added(res: WatchedResource, o: GraphObject): void;
  updated(res: WatchedResource, o: GraphObject, old: GraphObject): void;
  deleted(res: WatchedResource, o: GraphObject): void;
}

interface Monitor {
  res: WatchedResource;
  /** The collector's own informer (started and stopped with discovery), or the shared one of its path. */
  own: boolean;
}

/** Kinds upstream's GC leaves alone: events come and go too fast to be worth a graph. */
const IGNORED = new Set(['events']);

/** What the collector can act on: upstream's GetDeletableResources (list, watch and delete). */
function isDeletable(r: DiscoveredResource): boolean {
  return !IGNORED.has(r.resource) && ['list', 'watch', 'delete'].every((v) => r.verbs.includes(v));
}

const kindKey = (apiVersion: string, kind: string): string => `${apiVersion}/${kind}`;

/**
 * The kinds the garbage collector follows, one informer each (upstream GraphBuilder's monitors).
 * Kinds other controllers watch too go through the shared informers; every other deletable kind
 * gets an informer of the collector's own, so `sync` can start one for a kind that appears in
 * discovery and stop it (no relist against a path that now answers 404) when the kind goes.
 */
export class ResourceMonitors {
  private readonly monitors = new Map<string, Monitor>();

  constructor(
    private readonly client: KubeClient,
    private readonly informers: SharedInformerFactory,
    private readonly handlers: MonitorHandlers,
  ) {}

  has(apiVersion: string, kind: string): boolean {
    return this.monitors.has(kindKey(apiVersion, kind));
  }

  /** The followed kinds as `apiVersion/kind`. */
  kinds(): string[] {
    return [...this.monitors.keys()];
  }

  /** Follows a kind through the shared informer of its path; the factory starts it with the others. */
  share(r: WatchedResource): void {
    const res: WatchedResource = { ...r };
    res.informer = this.informers.informer(res.path);
    this.listen(res, res.informer);
    this.monitors.set(kindKey(res.apiVersion, res.kind), { res, own: false });
  }

  /** Follows a discovered kind with an informer of its own, started now. */
  follow(r: DiscoveredResource): void {
    const key = kindKey(r.groupVersion, r.kind);
    if (this.monitors.has(key)) return;
    const res: WatchedResource = { apiVersion: r.groupVersion, kind: r.kind, path: collectionPath(r) };
    const informer = new Informer<GraphObject>(this.client, res.path);
    res.informer = informer;
    this.listen(res, informer);
    this.monitors.set(key, { res, own: true });
    // Resolves on the first list; the graph fills from the informer's add events meanwhile.
    void informer.start();
  }

  /**
   * Makes the followed kinds match one discovery result (upstream GarbageCollector.Sync): new
   * deletable kinds get a monitor, kinds no longer served lose theirs. A group version whose
   * discovery failed keeps its monitors, as upstream keeps them on partial discovery failure.
   * Returns the monitors stopped, so their objects can leave the graph.
   */
  sync(found: DiscoveryResult): WatchedResource[] {
    const wanted = new Map<string, DiscoveredResource>();
    for (const r of found.resources) if (isDeletable(r)) wanted.set(kindKey(r.groupVersion, r.kind), r);
    for (const r of wanted.values()) this.follow(r);
    const stopped: WatchedResource[] = [];
    for (const [key, m] of this.monitors) {
      if (!m.own || wanted.has(key) || found.failed.has(m.res.apiVersion)) continue;
      m.res.informer?.stop();
      this.monitors.delete(key);
      stopped.push(m.res);
    }
    return stopped;
  }

  /** Stops the collector's own informers; the shared ones stop with their factory. */
  stop(): void {
    for (const m of this.monitors.values()) if (m.own) m.res.informer?.stop();
    this.monitors.clear();
  }

  private listen(res: WatchedResource, informer: Informer<GraphObject>): void {
    informer.on('add', (o) => this.handlers.added(res, o));
    informer.on('update', (o, old) => this.handlers.updated(res, o, old ?? o));
    informer.on('delete', (o) => this.handlers.deleted(res, o));
  }
}
