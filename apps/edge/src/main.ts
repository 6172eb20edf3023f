import { edgeConfigFromEnv } from './edge-config';
import { createEdge } from './edge-server';

function main(): void {
  const config = edgeConfigFromEnv();
  const edge = createEdge(config);
  edge.server.once('error', (err) => {
    console.error(`edge: cannot listen on ${config.host}:${config.port}: ${err.message}`);
    process.exit(1);
  });
  edge.server.listen(config.port, config.host, () => {
    const routes = Object.entries(config.upstreams).map(([service, url]) => `${service} ${url.origin}`);
    console.log(`edge listening on http://${config.host}:${config.port} (${routes.join(', ')})`);
  });
  const shutdown = () => {
    void edge.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

try {
  main();
} catch (err) {
  console.error(`edge: ${(err as Error).message}`);
  process.exit(1);
}
