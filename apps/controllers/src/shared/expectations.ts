/**
 * Creations and deletions a controller has asked for but not yet seen in its informer, as upstream's
 * ControllerExpectations: while any are outstanding the controller does not recount, so it never
 * creates the same pod twice between its write and the watch event. They expire, so a lost event
 * cannot wedge a controller.
 */
export class Expectations {
  private readonly items = new Map<string, { adds: number; dels: Set<string>; at: number }>();

  constructor(private readonly ttlMs = 5 * 60 * 1000) {}

  satisfied(key: string): boolean {
    const e = this.items.get(key);
    if (!e) return true;
    if ((e.adds <= 0 && e.dels.size === 0) || Date.now() - e.at > this.ttlMs) return true;
    return false;
  }

  expectCreations(key: string, n: number): void {
    this.items.set(key, { adds: n, dels: new Set(), at: Date.now() });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.items.set(key, { adds: 0, dels: new Set(podKeys), at: Date.now() });
  }

  creationObserved(key: string): void {
    const e = this.items.get(key);
    if (e) e.adds--;
  }

  deletionObserved(key: string, podKey: string): void {
    this.items.get(key)?.dels.delete(podKey);
  }

  delete(key: string): void {
    this.items.delete(key);
  }
}
