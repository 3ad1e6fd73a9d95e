/** `npm run docs:config`: rewrites docs/configuration.md from the configuration schema. */
import { writeFile } from 'node:fs/promises';
import { runCli } from './lib/cli';
import { renderConfigDoc } from './lib/config-doc';

runCli(async () => {
  await writeFile('docs/configuration.md', renderConfigDoc());
  process.stdout.write('docs/configuration.md written\n');
});
