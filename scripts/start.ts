/**
 * `npm start`: builds what is missing (the index, the production bundle), then
 * serves on PORT (default 3000) and warms the routes so the first question is
 * answered at full speed. A fresh clone needs only `npm ci && npm start`.
 */
import { getConfig } from '@/lib/config';
import { runCli } from './lib/cli';
import { buildMissing, exitCode, serverArgs, spawnNode } from './lib/prepare';
import { waitUntilUp, warmUp } from './lib/server';

runCli(async () => {
  const config = getConfig();
  const built = await buildMissing(config, (line) => process.stderr.write(`${line}\n`));
  if (built !== 0) return built;
  const port = process.env.PORT ?? '3000';
  const server = spawnNode(serverArgs({ port, heapMb: config.limits.serverHeapMb }));
  const done = exitCode(server);
  await waitUntilUp(`http://127.0.0.1:${port}`, server, 60_000).then(
    () => warmUp(`http://127.0.0.1:${port}`),
    () => undefined, // the server's own output says why it did not come up
  );
  return done;
});
