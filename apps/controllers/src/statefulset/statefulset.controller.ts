import { ApiStatusError, keyOf, WorkQueue, type EventRecorder, type Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import { podTemplateHash } from '../deployment/deployment.util.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { claimObjects } from '../shared/controller.ref.manager.js';
import { controllerRefOf, newControllerRef } from '../shared/owner.refs.js';
import { isPodAvailable, isPodReady } from '../shared/pod.util.js';
import { semanticEqual } from '../shared/semantic.equal.js';
import type { Pod, PodTemplateSpec } from '../shared/types.js';
import { POD_INDEX_LABEL, POD_NAME_LABEL, REVISION_LABEL, type ControllerRevision, type StatefulSet } from './statefulset.types.js';

const ordinalOf = (set: StatefulSet, p: Pod): number => {
  const m = /-(\d+)$/.exec(p.metadata.name ?? '');
  return m && p.metadata.name === `${set.metadata.name}-${m[1]}` ? Number(m[1]) : -1;
};
const runningAndReady = (p: Pod): boolean => p.status?.phase === 'Running' && isPodReady(p) && !p.metadata.deletionTimestamp;

/**
 * Gives each StatefulSet replica a stable identity (upstream pkg/controller/statefulset): pod
 * `<set>-<ordinal>` with hostname/subdomain and its own PVCs, created in order and removed highest
 * ordinal first; template changes become ControllerRevisions rolled out from the highest ordinal
 * down to the partition (RollingUpdate) or left to the user (OnDelete).
 */
export class StatefulSetController implements Controller {
  readonly name = 'statefulset';
  private readonly queue = new WorkQueue();
  private readonly client: KubeClient;
  private readonly pods: Informer<Pod>;
  private readonly sets: Informer<StatefulSet>;
  private readonly revisions: Informer<ControllerRevision>;
  private readonly recorder: EventRecorder;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    this.recorder = ctx.recorder('statefulset-controller');
    this.pods = ctx.informers.informer<Pod>('/api/v1/pods');
    this.sets = ctx.informers.informer<StatefulSet>('/apis/apps/v1/statefulsets');
    this.revisions = ctx.informers.informer<ControllerRevision>('/apis/apps/v1/controllerrevisions');
    this.sets.on('add', (s) => this.queue.add(keyOf(s)));
    this.sets.on('update', (s) => this.queue.add(keyOf(s)));
    const podChanged = (p: Pod): void => {
      const ref = controllerRefOf(p.metadata);
      if (ref?.kind === 'StatefulSet') this.queue.add(`${p.metadata.namespace}/${ref.name}`);
    };
    this.pods.on('add', podChanged);
    this.pods.on('update', podChanged);
    this.pods.on('delete', podChanged);
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private async sync(key: string): Promise<void> {
    const cached = this.sets.get(key);
    if (!cached) return;
    const set: StatefulSet = { ...structuredClone(cached), apiVersion: 'apps/v1', kind: 'StatefulSet' };
    const ns = set.metadata.namespace ?? '';
    const ref = newControllerRef(set, 'apps/v1', 'StatefulSet');
    const pods = await claimObjects(
      this.client,
      set,
      ref,
      set.spec.selector,
      this.pods.list().filter((p) => p.metadata.namespace === ns),
      (p) => `/api/v1/namespaces/${ns}/pods/${p.metadata.name}`,
    );
    const { current, update } = await this.revisionsFor(set);
    if (set.metadata.deletionTimestamp) return;

    const replicas = set.spec.replicas ?? 1;
    const parallel = set.spec.podManagementPolicy === 'Parallel';
    const rolling = (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const partition = rolling ? (set.spec.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
    const byOrdinal = new Map<number, Pod>();
    const condemned: Pod[] = [];
    for (const p of pods) {
      const o = ordinalOf(set, p);
      if (o < 0) continue;
      if (o < replicas) byOrdinal.set(o, p);
      else condemned.push(p);
    }

    // 1. Replicas in ordinal order; OrderedReady waits for each to be Running and Ready.
    let blocked = false;
    for (let o = 0; o < replicas && !blocked; o++) {
      const p = byOrdinal.get(o);
      if (p?.status?.phase === 'Failed' && !p.metadata.deletionTimestamp) {
        await this.deletePod(set, p);
        blocked = !parallel;
        continue;
      }
      if (!p) {
        const rev = rolling && o < partition ? current : update;
        const created = await this.createPod(set, o, rev);
        if (created) byOrdinal.set(o, created);
        blocked = !parallel;
        continue;
      }
      if (!parallel && !runningAndReady(p)) blocked = true;
    }

    // 2. Surplus replicas, highest ordinal first (one at a time unless Parallel).
    if (!blocked) {
      const victims = condemned.filter((p) => !p.metadata.deletionTimestamp).sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
      const terminating = condemned.some((p) => p.metadata.deletionTimestamp);
      for (const p of parallel ? victims : terminating ? [] : victims.slice(0, 1)) await this.deletePod(set, p);
      blocked = !parallel && condemned.length > 0;
    }

    // 3. Rolling update: once all replicas are healthy, replace the highest outdated ordinal >= partition.
    const live = [...byOrdinal.values()];
    if (!blocked && rolling && live.length === replicas && live.every(runningAndReady)) {
      for (let o = replicas - 1; o >= partition; o--) {
        const p = byOrdinal.get(o);
        if (p && p.metadata.labels?.[REVISION_LABEL] !== update.metadata.name) {
          await this.deletePod(set, p);
          break;
        }
      }
    }

    // 4. Status.
    const counted = [...live, ...condemned];
    const minReady = set.spec.minReadySeconds ?? 0;
    const status: NonNullable<StatefulSet['status']> = {
      observedGeneration: set.metadata.generation ?? 0,
      replicas: counted.length,
      readyReplicas: counted.filter(isPodReady).length,
      currentReplicas: counted.filter((p) => p.metadata.labels?.[REVISION_LABEL] === current.metadata.name).length,
      updatedReplicas: counted.filter((p) => p.metadata.labels?.[REVISION_LABEL] === update.metadata.name).length,
      availableReplicas: counted.filter((p) => isPodAvailable(p, minReady)).length,
      currentRevision: current.metadata.name ?? '',
      updateRevision: update.metadata.name ?? '',
      collisionCount: set.status?.collisionCount ?? 0,
    };
    // The rollout is complete once every replica runs the update revision and is ready.
    if (status.updatedReplicas === replicas && status.readyReplicas === replicas && status.replicas === replicas) {
      status.currentRevision = status.updateRevision;
      status.currentReplicas = status.updatedReplicas;
    }
    if (!semanticEqual(status, set.status ?? {})) {
      await this.client.request('PUT', `/apis/apps/v1/namespaces/${ns}/statefulsets/${set.metadata.name}/status`, {
        body: { ...set, status },
      });
    }
    if (minReady > 0 && status.readyReplicas !== status.availableReplicas) this.queue.addAfter(key, minReady * 1000);
  }

  /** The current and update ControllerRevisions, creating the update revision for a new template. */
  private async revisionsFor(set: StatefulSet): Promise<{ current: ControllerRevision; update: ControllerRevision }> {
    const ns = set.metadata.namespace ?? '';
    const owned = this.revisions.list().filter((r) => r.metadata.namespace === ns && controllerRefOf(r.metadata)?.uid === set.metadata.uid);
    // Status reports collisionCount 0 from the first sync on: 0 hashes as unset so the revision name
    // does not change once that status is written.
    const hash = podTemplateHash(set.spec.template, set.status?.collisionCount || undefined);
    const name = `${set.metadata.name}-${hash}`;
    let update = owned.find((r) => r.metadata.name === name);
    const maxRev = owned.reduce((m, r) => Math.max(m, r.revision), 0);
    if (!update) {
      const body: ControllerRevision = {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          name,
          namespace: ns,
          labels: { ...(set.spec.selector.matchLabels ?? {}), [REVISION_LABEL]: hash },
          ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')],
        },
        data: { spec: { template: { ...structuredClone(set.spec.template), $patch: 'replace' } as PodTemplateSpec } },
        revision: maxRev + 1,
      };
      try {
        update = await this.client.request<ControllerRevision>('POST', `/apis/apps/v1/namespaces/${ns}/controllerrevisions`, { body });
      } catch (e) {
        if (!(e instanceof ApiStatusError && e.code === 409)) throw e;
        update = await this.client.get<ControllerRevision>(`/apis/apps/v1/namespaces/${ns}/controllerrevisions/${name}`);
      }
    } else if (update.revision < maxRev) {
      // A rollback to an older template: that revision becomes the newest again.
      update = await this.client.request<ControllerRevision>('PATCH', `/apis/apps/v1/namespaces/${ns}/controllerrevisions/${name}`, {
        contentType: 'application/merge-patch+json',
        body: { revision: maxRev + 1 },
      });
    }
    const current = owned.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update };
  }

  private async createPod(set: StatefulSet, ordinal: number, rev: ControllerRevision): Promise<Pod | undefined> {
    const ns = set.metadata.namespace ?? '';
    const setName = set.metadata.name ?? '';
    const name = `${setName}-${ordinal}`;
    const tmpl: PodTemplateSpec = structuredClone(rev.data?.spec?.template ?? set.spec.template);
    delete (tmpl as Record<string, unknown>)['$patch'];
    const spec = structuredClone(tmpl.spec ?? {});
    spec['hostname'] = name;
    if (set.spec.serviceName) spec['subdomain'] = set.spec.serviceName;
    const volumes = (Array.isArray(spec['volumes']) ? spec['volumes'] : []) as Array<{ name?: string }>;
    for (const vct of set.spec.volumeClaimTemplates ?? []) {
      const claimName = `${vct.metadata?.name}-${setName}-${ordinal}`;
      await this.ensureClaim(set, vct, claimName);
      const vol = { name: vct.metadata?.name, persistentVolumeClaim: { claimName } };
      const i = volumes.findIndex((v) => v.name === vol.name);
      if (i >= 0) volumes[i] = vol;
      else volumes.push(vol);
    }
    if (volumes.length) spec['volumes'] = volumes;
    const body: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: ns,
        labels: {
          ...(tmpl.metadata?.labels ?? {}),
          [POD_NAME_LABEL]: name,
          [POD_INDEX_LABEL]: String(ordinal),
          [REVISION_LABEL]: rev.metadata.name ?? '',
        },
        ...(tmpl.metadata?.annotations ? { annotations: { ...tmpl.metadata.annotations } } : {}),
        ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')],
      },
      spec,
    };
    try {
      const created = await this.client.request<Pod>('POST', `/api/v1/namespaces/${ns}/pods`, { body });
      this.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${setName} successful`);
      return created;
    } catch (e) {
      if (e instanceof ApiStatusError && e.code === 409) return undefined;
      this.recorder.event(
        set,
        'Warning',
        'FailedCreate',
        `create Pod ${name} in StatefulSet ${setName} failed error: ${(e as Error).message}`,
      );
      throw e;
    }
  }

  private async ensureClaim(
    set: StatefulSet,
    vct: { metadata?: { name?: string; labels?: Record<string, string> }; spec?: Record<string, unknown> },
    claimName: string,
  ): Promise<void> {
    const ns = set.metadata.namespace ?? '';
    const body = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: claimName, namespace: ns, labels: { ...(vct.metadata?.labels ?? {}), ...(set.spec.selector.matchLabels ?? {}) } },
      spec: structuredClone(vct.spec ?? {}),
    };
    try {
      await this.client.request('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, { body });
      this.recorder.event(
        set,
        'Normal',
        'SuccessfulCreate',
        `create Claim ${claimName} for Pod ${claimName.slice((vct.metadata?.name ?? '').length + 1)} in StatefulSet ${set.metadata.name} success`,
      );
    } catch (e) {
      if (!(e instanceof ApiStatusError && e.code === 409)) throw e;
    }
  }

  private async deletePod(set: StatefulSet, p: Pod): Promise<void> {
    try {
      await this.client.request('DELETE', `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`, {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: p.metadata.uid } },
      });
      this.recorder.event(
        set,
        'Normal',
        'SuccessfulDelete',
        `delete Pod ${p.metadata.name} in StatefulSet ${set.metadata.name} successful`,
      );
    } catch (e) {
      if (!(e instanceof ApiStatusError && (e.code === 404 || e.code === 409))) throw e;
    }
  }
}
