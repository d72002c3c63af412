import { Informer, type KObject, type KubeClient } from '../../../../libs/client/src/index.js';

/**
 * One informer per collection path, shared by every controller that asks for it, as client-go's
 * SharedInformerFactory: a pod is listed and watched once however many controllers look at pods.
 * Controllers register their handlers before `start()`, so the initial list reaches all of them.
 */
export class SharedInformerFactory {
  private readonly informers = new Map<string, Informer<KObject>>();
  private readonly started = new Map<Informer<KObject>, Promise<void>>();

  constructor(private readonly client: KubeClient) {}

  informer<T extends KObject>(path: string): Informer<T> {
    let inf = this.informers.get(path);
    if (!inf) {
      inf = new Informer<KObject>(this.client, path);
      this.informers.set(path, inf);
    }
    return inf as unknown as Informer<T>;
  }

  /** Starts every informer not yet started (also ones added later); resolves once all have synced. */
  async start(): Promise<void> {
    for (const i of this.informers.values()) if (!this.started.has(i)) this.started.set(i, i.start());
    await Promise.all(this.started.values());
  }

  stop(): void {
    for (const i of this.informers.values()) i.stop();
  }
}
