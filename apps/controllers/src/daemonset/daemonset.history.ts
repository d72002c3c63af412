import { ApiStatusError, type KubeClient } from '../../../../libs/client/src/index.js';
import { podTemplateHash } from '../deployment/deployment.util.js';
import { claimObjects } from '../shared/controller.ref.manager.js';
import { newControllerRef } from '../shared/owner.refs.js';
import { semanticEqual } from '../shared/semantic.equal.js';
import type { PodTemplateSpec } from '../shared/types.js';
import { REVISION_LABEL, type ControllerRevision, type Pod, type DaemonSet } from './daemonset.types.js';

const revisionsPath = (ns: string): string => `/apis/apps/v1/namespaces/${ns}/controllerrevisions`;

/** The revision's template without the `$patch` directive it is stored with. */
function storedTemplate(r: ControllerRevision): PodTemplateSpec | undefined {
  const t = r.data?.spec?.template;
  if (!t) return undefined;
  const c = structuredClone(t) as PodTemplateSpec & { $patch?: string };
  delete c.$patch;
  return c;
}

/**
 * The DaemonSet's template history as ControllerRevisions (upstream daemon/update.go
 * constructHistory): the revision matching the current template is `cur`, created if missing and
 * renumbered to be the newest if it was an older one (a rollback). Data is the strategic merge patch
 * `kubectl rollout undo daemonset` applies, `{spec:{template:{…,$patch:replace}}}`.
 */
export async function constructHistory(
  client: KubeClient,
  ds: DaemonSet,
  candidates: ControllerRevision[],
  bumpCollisionCount: () => Promise<void>,
): Promise<{ cur: ControllerRevision; old: ControllerRevision[] }> {
  const ns = ds.metadata.namespace ?? '';
  const ref = newControllerRef(ds, 'apps/v1', 'DaemonSet');
  const owned = await claimObjects(client, ds, ref, ds.spec.selector, candidates, (r) => `${revisionsPath(ns)}/${r.metadata.name}`);
  const hash = podTemplateHash(ds.spec.template, ds.status?.collisionCount);
  const matches = owned.filter((r) => r.metadata.labels?.[REVISION_LABEL] === hash || semanticEqual(storedTemplate(r), ds.spec.template));
  const old = owned.filter((r) => !matches.includes(r));
  const maxOld = old.reduce((m, r) => Math.max(m, r.revision), 0);
  // Duplicates (a template hashed under an earlier collision count) collapse into the newest one.
  const sorted = [...matches].sort((a, b) => b.revision - a.revision);
  for (const dup of sorted.slice(1)) await deleteRevision(client, dup);
  let cur = sorted[0];
  if (!cur) {
    cur = await createRevision(client, ds, hash, maxOld + 1, bumpCollisionCount);
  } else if (cur.revision <= maxOld) {
    cur = await client.request<ControllerRevision>('PATCH', `${revisionsPath(ns)}/${cur.metadata.name}`, {
      contentType: 'application/merge-patch+json',
      body: { revision: maxOld + 1 },
    });
  }
  return { cur, old };
}

async function createRevision(
  client: KubeClient,
  ds: DaemonSet,
  hash: string,
  revision: number,
  bumpCollisionCount: () => Promise<void>,
): Promise<ControllerRevision> {
  const ns = ds.metadata.namespace ?? '';
  const name = `${ds.metadata.name}-${hash}`;
  const body: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ns,
      labels: { ...(ds.spec.template.metadata?.labels ?? {}), [REVISION_LABEL]: hash },
      // Upstream copies the DaemonSet's annotations: kubernetes.io/change-cause shows in `rollout history`.
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
    },
    data: { spec: { template: { ...structuredClone(ds.spec.template), $patch: 'replace' } as PodTemplateSpec } },
    revision,
  };
  try {
    return await client.request<ControllerRevision>('POST', revisionsPath(ns), { body });
  } catch (e) {
    if (!(e instanceof ApiStatusError && e.code === 409)) throw e;
  }
  const existing = await client.get<ControllerRevision>(`${revisionsPath(ns)}/${name}`);
  const ours = (existing.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === ds.metadata.uid);
  if (ours && semanticEqual(storedTemplate(existing), ds.spec.template)) {
    // Created by an earlier sync whose watch event has not arrived yet.
    if (existing.revision >= revision) return existing;
    return client.request<ControllerRevision>('PATCH', `${revisionsPath(ns)}/${name}`, {
      contentType: 'application/merge-patch+json',
      body: { revision },
    });
  }
  // A hash collision: the next sync hashes with a higher collisionCount.
  await bumpCollisionCount();
  throw new Error(`found a stale or colliding ControllerRevision ${ns}/${name} for DaemonSet ${ds.metadata.name}`);
}

async function deleteRevision(client: KubeClient, r: ControllerRevision): Promise<void> {
  try {
    await client.request('DELETE', `${revisionsPath(r.metadata.namespace ?? '')}/${r.metadata.name}`, {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: r.metadata.uid } },
    });
  } catch (e) {
    if (!(e instanceof ApiStatusError && (e.code === 404 || e.code === 409))) throw e;
  }
}

/** Deletes the oldest old revisions beyond revisionHistoryLimit that no live pod still runs (upstream cleanupHistory). */
export async function cleanupHistory(client: KubeClient, ds: DaemonSet, old: ControllerRevision[], pods: Pod[]): Promise<void> {
  let toKill = old.length - (ds.spec.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const live = new Set(pods.map((p) => p.metadata.labels?.[REVISION_LABEL]).filter((h): h is string => !!h));
  for (const r of [...old].sort((a, b) => a.revision - b.revision)) {
    if (toKill <= 0) break;
    if (live.has(r.metadata.labels?.[REVISION_LABEL] ?? '')) continue;
    await deleteRevision(client, r);
    toKill--;
  }
}
