/**
 * `npm start`: builds what is missing (the index, the production bundle), then
 * serves on PORT (default 3000) and warms the routes so the first question is
 * answered at full speed. A fresh clone needs only `npm ci && npm start`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { getConfig } from '@/lib/config';
import { CURRENT_FILE } from '@/lib/index/format';
import { runCli } from './lib/cli';
import { waitUntilUp, warmUp } from './lib/server';

function start(args: string[]): ChildProcess {
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return child;
}

function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

runCli(async () => {
  const config = getConfig();
  const next = path.join('node_modules', 'next', 'dist', 'bin', 'next');
  if (!existsSync(path.join(config.paths.indexDir, CURRENT_FILE))) {
    process.stderr.write('No index yet: building it first.\n');
    const code = await exited(start(['--import', 'tsx', 'scripts/build-index.ts']));
    if (code !== 0) return code;
  }
  if (!existsSync(path.join('.next', 'BUILD_ID'))) {
    process.stderr.write('No production build yet: running next build.\n');
    const code = await exited(start([next, 'build']));
    if (code !== 0) return code;
  }
  const port = process.env.PORT ?? '3000';
  const server = start([next, 'start', '-p', port]);
  const done = exited(server);
  await waitUntilUp(`http://127.0.0.1:${port}`, server, 60_000).then(
    () => warmUp(`http://127.0.0.1:${port}`),
    () => undefined, // the server's own output says why it did not come up
  );
  return done;
});
