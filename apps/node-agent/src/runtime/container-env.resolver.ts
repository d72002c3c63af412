import { ApiStatusError, type KubeClient } from '../../../../libs/client/src/index.js';
import type { PodRuntime } from '../pod/pod.runtime.js';
import type { PodContainerSpec } from '../pod/pod.types.js';
import type { CreateFailure } from './container.engine.js';

type Source = { kind: 'configmap' | 'secret'; data: Record<string, string> } | undefined;

/** `$(VAR)` references as the kubelet expands them; `$$` escapes, unknown references stay as written. */
export function expandVars(s: string, vars: ReadonlyMap<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) =>
    m === '$$' ? '$' : (vars.get(name ?? '') ?? m),
  );
}

/**
 * The container's environment as the kubelet builds it (makeEnvironmentVariables): envFrom first,
 * then env in order, valueFrom read through the API. A missing ConfigMap/Secret/key that is not
 * optional is a CreateContainerConfigError with the kubelet's message.
 */
export class ContainerEnvResolver {
  constructor(private readonly client: KubeClient) {}

  async resolve(rt: PodRuntime, spec: PodContainerSpec): Promise<Map<string, string> | CreateFailure> {
    const cache = new Map<string, Source>();
    const fetch = async (kind: 'configmap' | 'secret', name: string): Promise<Source> => {
      const k = `${kind}/${name}`;
      if (cache.has(k)) return cache.get(k);
      let src: Source;
      try {
        const o = await this.client.get<{ data?: Record<string, string> }>(
          `/api/v1/namespaces/${rt.namespace}/${kind === 'configmap' ? 'configmaps' : 'secrets'}/${encodeURIComponent(name)}`,
        );
        const data = o.data ?? {};
        src = {
          kind,
          data:
            kind === 'secret'
              ? Object.fromEntries(Object.entries(data).map(([key, v]) => [key, Buffer.from(v, 'base64').toString()]))
              : data,
        };
      } catch (e) {
        if (!(e instanceof ApiStatusError) || e.code !== 404) throw e;
        src = undefined;
      }
      cache.set(k, src);
      return src;
    };
    const fail = (message: string): CreateFailure => ({ reason: 'CreateContainerConfigError', message });
    const env = new Map<string, string>();

    for (const from of spec.envFrom ?? []) {
      const ref = from.configMapRef ?? from.secretRef;
      if (!ref) continue;
      const kind = from.configMapRef ? 'configmap' : 'secret';
      const src = await fetch(kind, ref.name);
      if (!src) {
        if (ref.optional) continue;
        return fail(`${kind} "${ref.name}" not found`);
      }
      for (const [k, v] of Object.entries(src.data)) env.set(`${from.prefix ?? ''}${k}`, v);
    }

    for (const e of spec.env ?? []) {
      if (e.value !== undefined || !e.valueFrom) {
        env.set(e.name, expandVars(e.value ?? '', env));
        continue;
      }
      const vf = e.valueFrom;
      const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
      if (ref) {
        const kind = vf.configMapKeyRef ? 'configmap' : 'secret';
        const src = await fetch(kind, ref.name);
        const v = src?.data[ref.key];
        if (v !== undefined) env.set(e.name, v);
        else if (!ref.optional)
          return fail(
            src
              ? `couldn't find key ${ref.key} in ${kind === 'configmap' ? 'ConfigMap' : 'Secret'} ${rt.namespace}/${ref.name}`
              : `${kind} "${ref.name}" not found`,
          );
        continue;
      }
      const field = vf.fieldRef?.fieldPath;
      const fields: Record<string, string | undefined> = {
        'metadata.name': rt.name,
        'metadata.namespace': rt.namespace,
        'metadata.uid': rt.uid,
        'spec.nodeName': rt.node.id.name,
        'status.hostIP': rt.node.id.internalIP,
        'status.podIP': rt.podIP,
      };
      if (field !== undefined) env.set(e.name, fields[field] ?? '');
    }
    return env;
  }
}
