import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServerConfig } from '../apps/apiserver/src/config/server.config.js';
import { createApiServer, type ApiServer } from '../apps/apiserver/src/server.js';
import { kubeconfigYaml } from '../libs/client/src/kubeconfig.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestServer {
  readonly server: ApiServer;
  readonly url: string;
  readonly kubeconfig: string;
  readonly db: TestDatabase;
  /** Runs the real kubectl on PATH against this server. */
  kubectl(args: string[], opts?: { stdin?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<KubectlResult>;
  stop(): Promise<void>;
}

interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A whole apiserver of its own on a fresh database and a free port, for one test file. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const db = await createTestDatabase();
  const config = ServerConfig.fromEnv({ DATABASE_URL: db.url }, { port: 0, ...overrides });
  const server = await createApiServer(config, { logger: false });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kop-kube-'));
  const kubeconfig = path.join(dir, 'config');
  writeFileSync(kubeconfig, kubeconfigYaml(server.url));
  return {
    server,
    url: server.url,
    kubeconfig,
    db,
    kubectl: (args, opts = {}) => runKubectl(kubeconfig, dir, args, opts),
    async stop() {
      await server.close();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function runKubectl(
  kubeconfig: string,
  cacheDir: string,
  args: string[],
  opts: { stdin?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      [`--kubeconfig=${kubeconfig}`, `--cache-dir=${path.join(cacheDir, 'cache')}`, ...args],
      { env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
  });
}
