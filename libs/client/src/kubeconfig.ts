import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The admin kubeconfig. The server speaks plain HTTP on loopback until the TLS/authentication
 * issue lands; client-node only accepts an http:// server with insecure-skip-tls-verify set.
 */
export function kubeconfigYaml(server: string, name = 'kube-on-postgres'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${server}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: admin',
    '  user: {}',
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    '    user: admin',
    '    namespace: default',
    `current-context: ${name}`,
    'preferences: {}',
    '',
  ].join('\n');
}

export async function writeKubeconfig(file: string, server: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, kubeconfigYaml(server), { mode: 0o600 });
}
