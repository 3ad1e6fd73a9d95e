/** docs/configuration.md, generated from the JSON Schema of the settings in lib/config.ts so the two cannot drift apart. */
import { z } from 'zod';
import { type SettingsSchema, settingsSchema } from '@/lib/config';

/** The parts of a setting's JSON Schema (its input side, as the environment gives it) that the table shows. */
interface SettingJson {
  readonly env: string;
  readonly description: string;
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly format?: string;
}

interface GroupJson {
  readonly properties: Record<string, SettingJson>;
}

function values(setting: SettingJson): string {
  if (setting.enum) return setting.enum.map((v) => `\`${String(v)}\``).join(', ');
  if (setting.type === 'number' || setting.type === 'integer') {
    const kind = setting.type === 'integer' ? 'whole number' : 'number';
    return setting.minimum !== undefined && setting.maximum !== undefined ? `${kind}, ${setting.minimum}–${setting.maximum}` : kind;
  }
  if (setting.format === 'uri') return 'URL';
  return setting.type === 'string' ? 'text' : (setting.type ?? 'text');
}

export function renderConfigDoc(schema: SettingsSchema = settingsSchema): string {
  const json = z.toJSONSchema(schema, { io: 'input' }) as unknown as { properties: Record<string, GroupJson> };
  const rows = Object.values(json.properties).flatMap((group) =>
    Object.values(group.properties).map((setting) => {
      const shown = setting.default !== undefined ? `\`${String(setting.default)}\`` : '(unset)';
      return `| \`${setting.env}\` | ${shown} | ${values(setting)} | ${setting.description.replace(/\|/g, '\\|')} |`;
    }),
  );
  return [
    '# Configuration',
    '',
    'Every setting is an environment variable, validated once at start-up by the zod schema in `lib/config.ts`;',
    'an invalid value stops the server or command with a message naming the variable. This page is generated',
    "from that schema's JSON Schema (`npm run docs:config`); a test fails when it is out of date.",
    '',
    '| variable | default | values | effect |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
