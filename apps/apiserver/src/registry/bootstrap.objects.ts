import { newUid, nowTimestamp } from './generic/object.meta.js';
import { StorageError, type Storage } from '../storage/storage.interface.js';
import { SYSTEM_PRIORITY_CLASSES } from '../admission/plugins/priority.admission.js';

/** Namespaces every cluster has from the start (created once; replicas race harmlessly). */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

async function ensure(
  storage: Storage,
  key: { resource: string; namespace: string; name: string },
  obj: Record<string, unknown>,
): Promise<void> {
  if (await storage.get(key)) return;
  try {
    await storage.create(key, obj);
  } catch (e) {
    if (!(e instanceof StorageError && e.code === 'AlreadyExists')) throw e;
  }
}

export async function bootstrapObjects(storage: Storage): Promise<void> {
  for (const pc of SYSTEM_PRIORITY_CLASSES) {
    await ensure(
      storage,
      { resource: 'priorityclasses.scheduling.k8s.io', namespace: '', name: pc.name },
      {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: pc.name, uid: newUid(), creationTimestamp: nowTimestamp(), generation: 1 },
        value: pc.value,
        description: pc.description,
        preemptionPolicy: 'PreemptLowerPriority',
      },
    );
  }
  for (const name of SYSTEM_NAMESPACES) {
    await ensure(
      storage,
      { resource: 'namespaces', namespace: '', name },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, uid: newUid(), creationTimestamp: nowTimestamp(), labels: { 'kubernetes.io/metadata.name': name } },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      },
    );
  }
}
