import { PREFERRED_VERSIONS } from '../../../../libs/api/src/builtin-resources.js';
import { storageKeyOf, type ResourceType } from '../../../../libs/api/src/resource.types.js';
import type { ResourceDefinition, ResourceLookupView } from './generic/resource.definition.js';

export type RegistryChange = { readonly type: 'added' | 'removed'; readonly def: ResourceDefinition };

type ResourceLookup = ResourceLookupView;

const gvrKey = (group: string, version: string, resource: string): string => `${group}/${version}/${resource}`;

/**
 * The served resources. Built-in definitions are loaded at start; custom resources are added and
 * removed at run time through `add`/`remove`, and everything that serves them (discovery, OpenAPI,
 * the store) follows through `onChange`, without any new route.
 */
export class ResourceRegistry implements ResourceLookup {
  private readonly byGvr = new Map<string, ResourceDefinition>();
  private readonly preferred = new Map<string, string>();
  private readonly listeners = new Set<(c: RegistryChange) => void>();
  private version = 0;
  private cached: { version: number; defs: readonly ResourceDefinition[] } | undefined;

  constructor(defs: readonly ResourceDefinition[] = [], preferred: Readonly<Record<string, string>> = PREFERRED_VERSIONS) {
    for (const [g, v] of Object.entries(preferred)) this.preferred.set(g, v);
    for (const d of defs) this.add(d);
  }

  /** Serves a resource; a second definition for the same group/version/resource is refused. */
  add(def: ResourceDefinition): void {
    const key = gvrKey(def.group, def.version, def.resource);
    if (this.byGvr.has(key)) throw new Error(`resource ${key} is already registered`);
    const declared = def.subresources ?? [];
    for (const sub of Object.keys(def.subresourceHandlers)) {
      if (!declared.includes(sub)) throw new Error(`resource ${key} has a handler for undeclared subresource ${sub}`);
    }
    this.byGvr.set(key, def);
    if (!this.preferred.has(def.group)) this.preferred.set(def.group, def.version);
    this.version++;
    this.emit({ type: 'added', def });
  }

  /** Stops serving a resource; returns its definition, or undefined when it was not served. */
  remove(group: string, version: string, resource: string): ResourceDefinition | undefined {
    const key = gvrKey(group, version, resource);
    const def = this.byGvr.get(key);
    if (!def) return undefined;
    this.byGvr.delete(key);
    if (this.preferred.get(group) === version && !PREFERRED_VERSIONS[group]) {
      const next = this.snapshotUncached().find((d) => d.group === group);
      if (next) this.preferred.set(group, next.version);
      else this.preferred.delete(group);
    }
    this.version++;
    this.emit({ type: 'removed', def });
    return def;
  }

  /** Called after every add/remove; returns the unsubscribe function. */
  onChange(listener: (c: RegistryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes whenever the set of resources changes (discovery and OpenAPI caches key on it). */
  get generation(): number {
    return this.version;
  }

  lookup(group: string, version: string, resource: string): ResourceDefinition | undefined {
    return this.byGvr.get(gvrKey(group, version, resource));
  }

  /** The same array until the set changes (documents derived from it are cached by identity). */
  snapshot(): readonly ResourceDefinition[] {
    if (this.cached?.version !== this.version) this.cached = { version: this.version, defs: this.snapshotUncached() };
    return this.cached.defs;
  }

  /** The names of every served resource (the scheme's view). */
  types(): readonly ResourceType[] {
    return this.snapshot();
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

  inGroupVersion(group: string, version: string): ResourceDefinition[] {
    return this.snapshot().filter((t) => t.group === group && t.version === version);
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.snapshot().some((t) => t.group === group && t.version === version);
  }

  /** The preferred-version definition for a group and kind (ownerReferences, events). */
  byKind(group: string, kind: string): ResourceDefinition | undefined {
    const pref = this.preferredVersion(group);
    const candidates = this.snapshot().filter((t) => t.group === group && t.kind === kind);
    return candidates.find((t) => t.version === pref) ?? candidates[0];
  }

  byShortName(shortName: string): readonly ResourceDefinition[] {
    return this.snapshot().filter((t) => (t.shortNames ?? []).includes(shortName));
  }

  /** Every served version of one stored resource. */
  byStorageKey(storageKey: string): readonly ResourceDefinition[] {
    return this.snapshot().filter((t) => storageKeyOf(t) === storageKey);
  }

  private snapshotUncached(): ResourceDefinition[] {
    return [...this.byGvr.values()];
  }

  private emit(change: RegistryChange): void {
    for (const l of this.listeners) l(change);
  }
}
