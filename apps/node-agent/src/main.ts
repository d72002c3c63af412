import { loadKubeConfig } from '../../../libs/client/src/index.js';
import { parseNodeAgentFlags } from './agent.options.js';
import { startNodeAgent } from './node-agent.js';

/**
 * `node dist/apps/node-agent/src/main.js --kubeconfig=FILE --nodes=3 --node-name-prefix=node-`:
 * one process hosting N simulated kubelets. `--kubelet-port=N` (0: ephemeral) is the one loopback
 * HTTP server for all of them (container logs); `--runtime=process` runs containers' commands on
 * this host instead of simulating them; `--log-interval-ms` paces simulated log lines.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseNodeAgentFlags(argv);
  const agent = await startNodeAgent({ ...options, kubeConfig: loadKubeConfig(argv), log: (m) => console.log(m) });
  let exiting = false;
  const shutdown = (signal: string): void => {
    if (exiting) return;
    exiting = true;
    console.log(`node-agent: stats ${JSON.stringify(agent.stats())}`);
    console.log(`node-agent: ${signal}, marking ${agent.nodes.length} nodes NotReady`);
    agent.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
