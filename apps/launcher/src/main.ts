import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';
import { writeKubeconfig } from './kubeconfig.js';
import { ProcessSupervisor } from './process.supervisor.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/apps/launcher/src → project root. */
const root = path.resolve(here, '../../../..');
const distApps = path.resolve(here, '../..');

async function waitReady(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`apiserver did not become ready at ${url}`);
}

/**
 * `npm start`: the whole control plane on one machine. Without DATABASE_URL a real PostgreSQL is
 * embedded (data in .data/); the apiserver, controller manager, scheduler and node
 * agent run as separate processes; an admin kubeconfig is written to .kube/config.
 */
async function main(): Promise<void> {
  const port = Number(process.env['KOP_PORT'] ?? 6443);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = process.env['DATABASE_URL'] || undefined;
  if (!databaseUrl) {
    const dataDir = process.env['KOP_DATA_DIR'] ?? path.join(root, '.data', 'postgres');
    embedded = await startEmbeddedPostgres(dataDir, Number(process.env['KOP_PG_PORT'] ?? 54329));
    databaseUrl = embedded.url;
    console.log(`embedded PostgreSQL ready (data in ${dataDir})`);
  }
  let shuttingDown = false;
  const supervisor = new ProcessSupervisor((name, code) => {
    console.error(`${name} keeps exiting (last code ${code}); stopping the control plane`);
    void shutdown(1);
  });
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    await supervisor.stopAll();
    await embedded?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const env = { ...process.env, DATABASE_URL: databaseUrl, KOP_PORT: String(port) };
  supervisor.start('apiserver', path.join(distApps, 'apiserver/src/main.js'), [], env);
  const server = `http://127.0.0.1:${port}`;
  await waitReady(server);
  const kubeconfig = process.env['KOP_KUBECONFIG'] ?? path.join(root, '.kube', 'config');
  await writeKubeconfig(kubeconfig, server);
  // The other control-plane processes talk to the apiserver through the admin kubeconfig.
  const nodes = process.env['KOP_NODES'] ?? '3';
  supervisor.start('controllers', path.join(distApps, 'controllers/src/main.js'), [`--kubeconfig=${kubeconfig}`], env);
  supervisor.start('scheduler', path.join(distApps, 'scheduler/src/main.js'), [`--kubeconfig=${kubeconfig}`], env);
  supervisor.start('node-agent', path.join(distApps, 'node-agent/src/main.js'), [`--kubeconfig=${kubeconfig}`, `--nodes=${nodes}`], env);
  console.log(`control plane ready: KUBECONFIG=${path.relative(process.cwd(), kubeconfig) || kubeconfig} kubectl get ns`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
