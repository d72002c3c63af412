import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';
import { writeKubeconfig } from '../../../libs/client/src/kubeconfig.js';
import { ProcessSupervisor } from './process.supervisor.js';
import { startupFailureMessage, StartupError } from './startup.error.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/apps/launcher/src → project root. */
const root = path.resolve(here, '../../../..');
const distApps = path.resolve(here, '../..');

/** The apiserver's clients: stopped first, so they release their Leases while it still answers. */
const CLIENTS = ['controllers', 'scheduler', 'node-agent'] as const;

let embedded: EmbeddedDatabase | undefined;
let shuttingDown = false;
const supervisor = new ProcessSupervisor({
  onRestart: (name, why) => console.error(`${name} ${why}; restarting it`),
  onGiveUp: (name, why) => {
    console.error(`${name} keeps dying (last: ${why}; 5 restarts within a minute): giving up and stopping the control plane`);
    void shutdown(1);
  },
});

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  await supervisor.stop(CLIENTS);
  await supervisor.stop(['apiserver']);
  await embedded?.stop().catch(() => undefined);
  await supervisor.stopAll();
  process.exit(code);
}

/** A port another process holds is the most common reason not to start: say so before starting anything. */
async function ensurePortFree(port: number, variable: string): Promise<void> {
  const server = net.createServer();
  const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e));
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  if (!error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return;
  }
  throw new StartupError(
    error.code === 'EADDRINUSE' ? `port ${port} on 127.0.0.1 is already in use` : `cannot listen on 127.0.0.1:${port}: ${error.message}`,
    `is another \`npm start\` running? Stop it, or choose another port with ${variable}=<port>`,
  );
}

async function waitReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (shuttingDown) return;
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new StartupError(
    `the apiserver did not become ready at ${url} within ${timeoutMs / 1000} s`,
    `see its messages above; \`kubectl get --raw='/readyz?verbose'\` names the failing check`,
  );
}

/**
 * `npm start`: the whole control plane on one machine. Without DATABASE_URL a real PostgreSQL is
 * embedded (data in .data/); PostgreSQL, the apiserver, controller manager, scheduler and node
 * agent run as separate supervised processes; an admin kubeconfig is written to .kube/config.
 * Ctrl-C stops them in order: the apiserver's clients, the apiserver, PostgreSQL.
 */
async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // Children run in their own process groups: a launcher that dies must still take them down.
  process.on('uncaughtException', (e) => {
    console.error(`npm start: launcher failed (${e.message}); stopping the control plane`);
    void shutdown(1);
  });
  const port = Number(process.env['KOP_PORT'] ?? 6443);
  const pgPort = Number(process.env['KOP_PG_PORT'] ?? 54329);
  let databaseUrl = process.env['DATABASE_URL'] || undefined;
  await ensurePortFree(port, 'KOP_PORT');
  if (!databaseUrl) await ensurePortFree(pgPort, 'KOP_PG_PORT');
  if (!databaseUrl) {
    const dataDir = process.env['KOP_DATA_DIR'] ?? path.join(root, '.data', 'postgres');
    embedded = await startEmbeddedPostgres(dataDir, pgPort, 'kube', { supervisor });
    databaseUrl = embedded.url;
    console.log(`embedded PostgreSQL ready (data in ${embedded.dataDir})`);
  }
  if (shuttingDown) return;

  const env = { ...process.env, DATABASE_URL: databaseUrl, KOP_PORT: String(port) };
  const server = `http://127.0.0.1:${port}`;
  const kubeconfig = process.env['KOP_KUBECONFIG'] ?? path.join(root, '.kube', 'config');
  await writeKubeconfig(kubeconfig, server);
  supervisor.startScript('apiserver', path.join(distApps, 'apiserver/src/main.js'), [], env);
  // The other control-plane processes talk to the apiserver through the admin kubeconfig. They
  // load while the apiserver starts and begin the moment it is ready (ready.runner).
  const nodes = process.env['KOP_NODES'] ?? '3';
  // Only the apiserver gets the database's credentials.
  const clientEnv: NodeJS.ProcessEnv = { ...env };
  delete clientEnv['DATABASE_URL'];
  const app = (name: string, early: string, args: string[]) =>
    supervisor.startScript(
      name,
      path.join(here, 'ready.runner.js'),
      [server, path.join(distApps, early), path.join(distApps, `${name}/src/main.js`), ...args],
      clientEnv,
    );
  app('scheduler', 'scheduler/src/scheduler.js', [`--kubeconfig=${kubeconfig}`]);
  app('controllers', 'controllers/src/manager.js', [`--kubeconfig=${kubeconfig}`]);
  app('node-agent', 'node-agent/src/node-agent.js', [`--kubeconfig=${kubeconfig}`, `--nodes=${nodes}`]);
  await waitReady(server);
  if (shuttingDown) return;
  console.log(`control plane ready: KUBECONFIG=${path.relative(process.cwd(), kubeconfig) || kubeconfig} kubectl get ns`);
}

main().catch(async (e: unknown) => {
  console.error(startupFailureMessage(e));
  if (process.env['KOP_DEBUG'] && e instanceof Error) console.error(e.stack);
  await shutdown(1);
});
