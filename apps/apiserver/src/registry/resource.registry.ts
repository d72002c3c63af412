import { BUILTIN_RESOURCES, PREFERRED_VERSIONS } from '../../../../libs/api/src/builtin-resources.js';
import { groupVersion, storageKeyOf, type ResourceType } from '../../../../libs/api/src/resource.types.js';

/**
 * The served resources, as data. Built-in kinds are loaded at start; custom resources will be
 * added and removed at run time through `add`/`remove` without any new route or controller.
 */
export class ResourceRegistry {
  private readonly byGvr = new Map<string, ResourceType>();
  private readonly preferred = new Map<string, string>();
  private version = 0;
  private cached: { version: number; types: readonly ResourceType[] } | undefined;

  constructor(types: readonly ResourceType[] = BUILTIN_RESOURCES, preferred: Readonly<Record<string, string>> = PREFERRED_VERSIONS) {
    for (const [g, v] of Object.entries(preferred)) this.preferred.set(g, v);
    for (const t of types) this.add(t);
  }

  add(t: ResourceType): void {
    this.byGvr.set(`${t.group}/${t.version}/${t.resource}`, t);
    if (!this.preferred.has(t.group)) this.preferred.set(t.group, t.version);
    this.version++;
  }

  remove(group: string, version: string, resource: string): void {
    this.byGvr.delete(`${group}/${version}/${resource}`);
    this.version++;
  }

  /** Changes whenever the set of resources changes (discovery and OpenAPI caches key on it). */
  get generation(): number {
    return this.version;
  }

  lookup(group: string, version: string, resource: string): ResourceType | undefined {
    return this.byGvr.get(`${group}/${version}/${resource}`);
  }

  all(): ResourceType[] {
    return [...this.byGvr.values()];
  }

  /** The same array until the set changes (documents derived from it are cached by identity). */
  snapshot(): readonly ResourceType[] {
    if (this.cached?.version !== this.version) this.cached = { version: this.version, types: this.all() };
    return this.cached.types;
  }

  /** Group names in discovery order: the legacy group first, then as registered. */
  groups(): string[] {
    const seen: string[] = [];
    for (const t of this.byGvr.values()) if (!seen.includes(t.group)) seen.push(t.group);
    return seen;
  }

  /** Versions of a group, preferred first. */
  versions(group: string): string[] {
    const vs: string[] = [];
    for (const t of this.byGvr.values()) if (t.group === group && !vs.includes(t.version)) vs.push(t.version);
    const pref = this.preferredVersion(group);
    return vs.sort((a, b) => (a === pref ? -1 : b === pref ? 1 : 0));
  }

  preferredVersion(group: string): string | undefined {
    return this.preferred.get(group);
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter((t) => t.group === group && t.version === version);
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.all().some((t) => t.group === group && t.version === version);
  }

  /** The preferred-version type for a group and kind (ownerReferences, events). */
  byKind(group: string, kind: string): ResourceType | undefined {
    const pref = this.preferredVersion(group);
    const candidates = this.all().filter((t) => t.group === group && t.kind === kind);
    return candidates.find((t) => t.version === pref) ?? candidates[0];
  }
}

export { groupVersion, storageKeyOf };
