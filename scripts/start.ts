/**
 * `npm start`: builds what is missing (the index, the production bundle), then
 * serves on PORT (default 3000). A fresh clone needs only `npm ci && npm start`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { getConfig } from '@/lib/config';
import { CURRENT_FILE } from '@/lib/index/format';
import { runCli } from './lib/cli';

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

runCli(async () => {
  const config = getConfig();
  const bin = (name: string) => path.join('node_modules', '.bin', name);
  if (!existsSync(path.join(config.paths.indexDir, CURRENT_FILE))) {
    process.stderr.write('No index yet: building it first.\n');
    const code = await run(bin('tsx'), ['scripts/build-index.ts']);
    if (code !== 0) return code;
  }
  if (!existsSync(path.join('.next', 'BUILD_ID'))) {
    process.stderr.write('No production build yet: running next build.\n');
    const code = await run(bin('next'), ['build']);
    if (code !== 0) return code;
  }
  return run(bin('next'), ['start', '-p', process.env.PORT ?? '3000']);
});
