/** docs/configuration.md, generated from the zod schema in lib/config.ts so the two cannot drift apart. */
import { envSchema } from '@/lib/config';

interface Def {
  readonly type: string;
  readonly innerType?: { _zod: { def: Def } };
  readonly in?: { _zod: { def: Def } };
  readonly defaultValue?: unknown;
  readonly entries?: Record<string, string>;
  readonly checks?: readonly { _zod: { def: { check: string; value?: unknown; inclusive?: boolean } } }[];
}

function unwrap(def: Def): { def: Def; fallback?: unknown; optional: boolean } {
  let current = def;
  let fallback: unknown;
  let optional = false;
  for (;;) {
    if (current.type === 'default')
      fallback = typeof current.defaultValue === 'function' ? (current.defaultValue as () => unknown)() : current.defaultValue;
    if (current.type === 'optional') optional = true;
    const next = current.innerType ?? (current.type === 'pipe' ? current.in : undefined);
    if (!next) return { def: current, fallback, optional };
    current = next._zod.def;
  }
}

function values(def: Def): string {
  if (def.type === 'enum' && def.entries)
    return Object.keys(def.entries)
      .map((v) => `\`${v}\``)
      .join(', ');
  const bounds = (def.checks ?? []).map((c) => c._zod.def).filter((c) => c.check === 'greater_than' || c.check === 'less_than');
  const min = bounds.find((b) => b.check === 'greater_than')?.value;
  const max = bounds.find((b) => b.check === 'less_than')?.value;
  if (def.type === 'number') return min !== undefined && max !== undefined ? `number, ${String(min)}–${String(max)}` : 'number';
  if (def.type === 'boolean' || def.type === 'enum') return 'boolean';
  return def.type === 'string' ? 'text' : def.type;
}

export function renderConfigDoc(): string {
  const rows = Object.entries(envSchema.shape).map(([name, schema]) => {
    const { def, fallback, optional } = unwrap((schema as unknown as { _zod: { def: Def } })._zod.def);
    const description = (schema as { description?: string }).description ?? '';
    const shown = fallback !== undefined ? `\`${String(fallback)}\`` : optional ? '(unset)' : '—';
    return `| \`${name}\` | ${shown} | ${values(def)} | ${description.replace(/\|/g, '\\|')} |`;
  });
  return [
    '# Configuration',
    '',
    'Every setting is an environment variable, validated once at start-up by the zod schema in `lib/config.ts`;',
    'an invalid value stops the server or command with a message naming the variable. This page is generated',
    'from that schema (`npm run docs:config`); a test fails when it is out of date.',
    '',
    '| variable | default | values | effect |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
