import { pathToFileURL } from 'node:url';

/**
 * Runs a control-plane process that must wait for the apiserver:
 * `node ready.runner.js <apiserver URL> <module to load early> <main script> [args…]`.
 * The process's code is loaded (the slow part of starting a Node process) while the apiserver
 * starts; the main script runs the moment /readyz passes, so the scheduler and controller manager
 * are at work right after the apiserver is ready instead of a second or more later.
 */
async function main(): Promise<void> {
  const [server, early, script, ...args] = process.argv.slice(2);
  if (!server || !early || !script) throw new Error('usage: ready.runner.js <apiserver URL> <module> <script> [args…]');
  await import(pathToFileURL(early).href);
  for (;;) {
    try {
      if ((await fetch(`${server}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  process.argv = [process.argv[0] ?? process.execPath, script, ...args];
  await import(pathToFileURL(script).href);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
