/**
 * Every tunable and environment variable, validated once. Modules receive the
 * slice they need as an argument; nothing reads process.env anywhere else.
 *
 * A setting is written once: a zod schema in `settingsSchema`, at the place it
 * takes in `Config`, with its environment variable, default, bounds and
 * description in the schema itself. `Config` is inferred from it and
 * docs/configuration.md is generated from its JSON Schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * How extracted text is cleaned (lib/corpus/clean.ts): `web` also drops what scraped pages carry, `plain` keeps
 * every line but encoding leftovers and repeated sentences, `auto` picks per document.
 */
export const CLEANING_PROFILES = ['auto', 'web', 'plain'] as const;
export type CleaningProfile = (typeof CLEANING_PROFILES)[number];

/** What a setting's schema carries besides its type: the variable that sets it and what it does. */
export interface SettingMeta {
  readonly env: string;
  readonly description: string;
  /** A path, resolved against the working directory. */
  readonly path?: true;
}

const TRUTHY = ['true', '1', 'yes'] as const;
const FALSY = ['false', '0', 'no'] as const;
const bool = (fallback: boolean) =>
  z
    .enum([...TRUTHY, ...FALSY])
    .default(fallback ? 'true' : 'false')
    .transform((v) => (TRUTHY as readonly string[]).includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);
const folder = (fallback: string) => z.string().min(1).default(fallback);

/** Every setting, grouped as `Config` is; the defaults were chosen from the retrieval eval (see README). */
export const settingsSchema = z.object({
  paths: z.object({
    corpusDir: folder('corpus').meta({
      env: 'CORPUS_DIR',
      path: true,
      description:
        'Folder of documents to index (text, Markdown, HTML, PDF, Word, PowerPoint, Excel, OpenDocument, EPUB, RTF, e-mail, CSV and TSV files), read recursively.',
    }),
    indexDir: folder('data/index').meta({ env: 'INDEX_DIR', path: true, description: 'Folder the index is written to and served from.' }),
    feedbackDir: folder('data/feedback').meta({
      env: 'FEEDBACK_DIR',
      path: true,
      description:
        "Folder the files store appends users' feedback on answers to (feedback.jsonl, rotated); STORE=postgres keeps it in the database.",
    }),
    modelsDir: folder('models').meta({
      env: 'MODELS_DIR',
      path: true,
      description: 'Local transformers.js model folder, checked before the Hugging Face Hub.',
    }),
  }),
  embeddings: z.object({
    embedder: z.enum(['auto', 'use-lite', 'transformers']).default('auto').meta({
      env: 'EMBEDDER',
      description: 'Embedding model family; auto prefers transformers when its model is available.',
    }),
    transformersModel: z.string().min(1).default('Xenova/all-MiniLM-L6-v2').meta({
      env: 'TRANSFORMERS_MODEL',
      description: 'transformers.js model id (a folder under MODELS_DIR or a Hub id).',
    }),
    allowRemoteModels: bool(true).meta({
      env: 'ALLOW_REMOTE_MODELS',
      description: 'Allow transformers.js to download a model from the Hub when it is not in MODELS_DIR.',
    }),
    remoteProbeTimeoutMs: int(100, 60_000).default(3000).meta({
      env: 'REMOTE_PROBE_TIMEOUT_MS',
      description: 'How long EMBEDDER=auto waits to learn whether the Hub is reachable.',
    }),
    batchSize: int(1, 1024).default(32).meta({ env: 'EMBED_BATCH_SIZE', description: 'Texts per embedding call during a build.' }),
    batchChars: int(100, 10_000_000).default(6000).meta({
      env: 'EMBED_BATCH_CHARS',
      description: "Characters per embedding call; a longer text goes alone. The model's working memory grows with the text in one call.",
    }),
    threads: int(0, 256).default(0).meta({
      env: 'EMBED_THREADS',
      description:
        'Threads a build embeds with (0: one per core). Questions are embedded on a thread of their own, so they never wait for a build.',
    }),
  }),
  indexing: z.object({
    lockWaitMs: int(0, 3_600_000).default(120_000).meta({
      env: 'INDEX_LOCK_WAIT_MS',
      description: 'How long a build waits for another build of the same index to finish before giving up.',
    }),
    watchDebounceMs: int(50, 60_000).default(750).meta({
      env: 'INDEX_WATCH_DEBOUNCE_MS',
      description: 'With npm run index -- --watch, how long the corpus must be quiet before a rebuild.',
    }),
  }),
  store: z.object({
    kind: z.enum(['files', 'postgres']).default('files').meta({
      env: 'STORE',
      description:
        'Where the index lives: files under INDEX_DIR on this machine, or a Postgres database with pgvector (DATABASE_URL) that several app servers share (docs/scale-out.md).',
    }),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional()
      .meta({ env: 'DATABASE_URL', description: 'The database of STORE=postgres, as a postgres:// URL.' }),
    poolSize: int(1, 200)
      .default(10)
      .meta({ env: 'DATABASE_POOL_SIZE', description: "Connections each process keeps to STORE=postgres's database." }),
    recheckMs: int(100, 60_000).default(1000).meta({
      env: 'STORE_RECHECK_MS',
      description: 'How often a server checks whether another process published a new index version.',
    }),
  }),
  /** Limits of the sandbox that reads each file. */
  extraction: z.object({
    memoryMb: int(32, 65_536).default(384).meta({
      env: 'EXTRACT_MEMORY_MB',
      description:
        'Memory limit, in MiB, of the child process that reads one file (uploads and builds): its V8 heap and, where the prlimit command exists, its whole data segment (1.5 times this), which also bounds memory outside the heap. A file that needs more is skipped with the reason instead of taking the process down.',
    }),
    timeoutMs: int(100, 3_600_000).default(30_000).meta({
      env: 'EXTRACT_TIMEOUT_MS',
      description: 'Longest time reading one file may take; a slower file is skipped with the reason.',
    }),
    maxDecodedMb: int(1, 65_536).default(64).meta({
      env: 'EXTRACT_MAX_DECODED_MB',
      description:
        "Most bytes, in MiB, that a PDF's compressed streams may expand to (nested filters counted), or 8 times the file's size when that is more; a file past it is skipped with the reason before it is parsed.",
    }),
    ocr: z.enum(['auto', 'off']).default('auto').meta({
      env: 'OCR',
      description:
        "Read PDF pages that have no text layer (scans) by OCR: auto does when Debian's tesseract-ocr (with tesseract-ocr-eng) and poppler-utils are installed; off never does, and such pages are reported as having no text layer.",
    }),
    ocrPageTimeoutMs: int(1000, 600_000).default(20_000).meta({
      env: 'OCR_PAGE_TIMEOUT_MS',
      description: 'Longest time OCR may take on one page; each page read by OCR also gets this much more time within EXTRACT_TIMEOUT_MS.',
    }),
    ocrMaxPages: int(1, 100_000).default(200).meta({
      env: 'OCR_MAX_PAGES',
      description: 'Scanned pages of one PDF read by OCR, at most (each takes seconds); the pages of a longer scan past it are left out.',
    }),
    cleaning: z.enum(CLEANING_PROFILES).default('auto').meta({
      env: 'CLEANING',
      description:
        'How extracted text is cleaned: web also drops what scraped news and blog pages carry (teaser and share lines, counters, comment footers, breadcrumbs, photo credits); plain keeps every line but encoding leftovers and repeated sentences; auto uses web for a document that shows two kinds of such noise. A change rebuilds the index in full.',
    }),
  }),
  uploads: z.object({
    enabled: bool(true).meta({
      env: 'ALLOW_UPLOADS',
      description: 'Let the page and POST /api/documents add files to the corpus (switch off for a shared deployment).',
    }),
    maxFileBytes: num(0.001, 1024)
      .default(10)
      .transform((mb) => Math.round(mb * 1024 * 1024))
      .meta({ env: 'UPLOAD_MAX_FILE_MB', description: 'Largest file an upload may add, in MiB (1 MiB = 1,048,576 bytes).' }),
    maxFiles: int(1, 100).default(10).meta({ env: 'UPLOAD_MAX_FILES', description: 'Most files in one upload request.' }),
    maxConcurrent: int(1, 64).default(2).meta({
      env: 'UPLOAD_MAX_CONCURRENT',
      description: 'Uploads the server handles at once, from all clients together (one per client address); more get 503 with Retry-After.',
    }),
    idleTimeoutMs: int(500, 600_000).default(5000).meta({
      env: 'UPLOAD_IDLE_TIMEOUT_MS',
      description:
        'Longest pause in an upload body before the upload is dropped (408) and its slot given back; also the time after which the minimum rate applies.',
    }),
    minBytesPerSecond: int(0, 1_073_741_824).default(8192).meta({
      env: 'UPLOAD_MIN_BYTES_PER_SECOND',
      description:
        'Slowest average rate an upload body may arrive at, once UPLOAD_IDLE_TIMEOUT_MS has passed; slower ones are dropped (408), so a client that trickles bytes cannot hold an upload slot. 0 switches the check off.',
    }),
  }),
  server: z.object({
    host: z.string().trim().min(1).default('127.0.0.1').meta({
      env: 'HOST',
      description:
        'Address npm start listens on. The default is this machine only; another address (0.0.0.0 for every interface) opens the server to the network, where uploads, deletions and feedback need CORPUS_CHAT_API_KEY unless ALLOW_ANONYMOUS_WRITES=true.',
    }),
    allowedHosts: z
      .string()
      .default('')
      .transform((list) =>
        list
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      )
      .meta({
        env: 'ALLOWED_HOSTS',
        description:
          'Comma-separated host names the server answers for, besides localhost, IP addresses and HOST: the name people reach it by (chat.example.org; .example.org for every sub-domain; * for any). Any other Host header gets a JSON 421, so a web page on another name that resolves here (DNS rebinding) reaches nothing.',
      }),
    allowAnonymousWrites: bool(false).meta({
      env: 'ALLOW_ANONYMOUS_WRITES',
      description:
        'On a server that listens beyond this machine (HOST) without CORPUS_CHAT_API_KEY, let anyone on the network upload and delete documents and send feedback. Off, such requests get 403.',
    }),
  }),
  limits: z.object({
    questionsPerMinute: int(0, 1_000_000).default(120).meta({
      env: 'RATE_LIMIT_PER_MINUTE',
      description: 'Questions (/api/answer, /api/chat) per client per minute; 0 switches the limit off.',
    }),
    burst: int(1, 100_000).default(30).meta({
      env: 'RATE_LIMIT_BURST',
      description: 'Questions a client may send at once before the per-minute rate applies.',
    }),
    globalQuestionsPerMinute: int(0, 10_000_000).default(1200).meta({
      env: 'RATE_LIMIT_GLOBAL_PER_MINUTE',
      description:
        'Questions per minute from all clients together; bounds the load even when clients forge their address. 0 switches it off.',
    }),
    uploadsPerMinute: int(0, 100_000).default(10).meta({
      env: 'UPLOAD_RATE_LIMIT_PER_MINUTE',
      description: 'Upload requests per client per minute; 0 switches the limit off.',
    }),
    feedbackPerMinute: int(0, 100_000).default(30).meta({
      env: 'FEEDBACK_RATE_LIMIT_PER_MINUTE',
      description: 'Feedback posts (/api/feedback) per client per minute; 0 switches the limit off.',
    }),
    apiKey: z.string().min(8).optional().meta({
      env: 'CORPUS_CHAT_API_KEY',
      description:
        'When set, every API route (/api/*, /v1/*) needs Authorization: Bearer <key>; the page asks for it once. API_KEY is read as the same setting.',
    }),
    trustProxy: bool(false).meta({
      env: 'TRUST_PROXY',
      description:
        "Behind a reverse proxy you run: identify clients by the last X-Forwarded-For address (the one your proxy appends). Otherwise npm start replaces the header with the connection's address, so a client cannot name itself.",
    }),
    serverHeapMb: int(0, 1_048_576).default(1536).meta({
      env: 'SERVER_HEAP_MB',
      description:
        "Old-space limit of the server's V8 heap (npm start), in MB; 0 keeps Node's default. Under 2048, V8 lets its heap grow to about twice the live data instead of four times, which keeps the server near half the memory under sustained load at the same speed (docs/performance.md). Raise it for a corpus whose index needs more.",
    }),
    requestTimeoutMs: int(1000, 600_000).default(60_000).meta({
      env: 'REQUEST_TIMEOUT_MS',
      description: 'Longest time an answer may take before the request is ended.',
    }),
  }),
  /** How answers and the page name the corpus. */
  corpus: z.object({
    name: z.string().trim().min(1).max(60).default('documents').meta({
      env: 'CORPUS_NAME',
      description:
        'What the corpus is called in answers and on the page, as a plural noun ("news articles", "manual pages"): "The documents don\'t cover this question".',
    }),
    description: z.string().trim().max(300).default('').meta({
      env: 'CORPUS_DESCRIPTION',
      description:
        'One line on what the corpus is about, shown on the page and given to a language model (e.g. "release notes of our product, 2019-2024").',
    }),
  }),
  chunking: z.object({
    maxWords: int(20, 2000).default(120).meta({
      env: 'CHUNK_MAX_WORDS',
      description: 'Largest passage, in words; passages end on sentence boundaries.',
    }),
    overlapWords: int(0, 1000).default(30).meta({
      env: 'CHUNK_OVERLAP_WORDS',
      description: 'Words of trailing whole sentences repeated at the start of the next passage.',
    }),
  }),
  hnsw: z.object({
    m: int(4, 128).default(16).meta({ env: 'HNSW_M', description: 'HNSW graph degree.' }),
    efConstruction: int(10, 2000).default(200).meta({ env: 'HNSW_EF_CONSTRUCTION', description: 'HNSW build-time candidate list size.' }),
    efSearch: int(10, 2000).default(200).meta({
      env: 'HNSW_EF_SEARCH',
      description:
        'HNSW query-time candidate list size; 200 is the smallest value with recall@10 ≥ 0.99 against exact search on the scale corpus (docs/performance.md).',
    }),
  }),
  retrieval: z.object({
    k: int(1, 100).default(5).meta({ env: 'RETRIEVAL_K', description: 'Passages returned per question.' }),
    candidates: int(5, 1000).default(50).meta({
      env: 'RETRIEVAL_CANDIDATES',
      description: 'Candidates taken from each of the dense and lexical lists before fusion.',
    }),
    fusion: z
      .enum(['rrf', 'weighted'])
      .default('weighted')
      .meta({ env: 'FUSION', description: 'How dense and lexical rankings are combined.' }),
    rrfK: int(1, 1000).default(60).meta({ env: 'RRF_K', description: 'Reciprocal-rank-fusion constant.' }),
    denseWeight: num(0, 1).default(0.3).meta({
      env: 'DENSE_WEIGHT',
      description: 'Share of the dense score in weighted fusion (lexical gets the rest).',
    }),
  }),
  answer: z.object({
    passages: int(1, 50).default(5).meta({ env: 'ANSWER_PASSAGES', description: 'Retrieved passages whose sentences the answer may use.' }),
    maxWords: int(10, 400).default(80).meta({
      env: 'ANSWER_MAX_WORDS',
      description: 'Longest extractive answer, in words (a pronoun antecedent may add one sentence).',
    }),
    policyFile: z.string().min(1).optional().meta({
      env: 'ANSWER_POLICY',
      path: true,
      description:
        'A JSON file of answer-policy numbers (weights, thresholds, lengths; see lib/answer/policy.ts) over the fitted defaults, as npm run fit-policy -- --out FILE writes it. A bad file stops start-up.',
    }),
    modelFile: z.string().min(1).optional().meta({
      env: 'ANSWER_MODEL',
      path: true,
      description:
        'A fitted answer model (the refusal model; see lib/answer/model.ts) instead of the one in the repository, as npm run train -- --out FILE writes it. A bad file stops start-up.',
    }),
  }),
  /** Read into `LlmConfig`, which says which fields each provider needs. */
  llm: z.object({
    provider: z.enum(['none', 'openai', 'openai-compatible', 'ollama']).default('none').meta({
      env: 'LLM_PROVIDER',
      description: 'Language model that writes answers; none = extractive answers only.',
    }),
    baseUrl: z.url().optional().meta({
      env: 'LLM_BASE_URL',
      description: 'Endpoint of the model server (e.g. http://127.0.0.1:11434/api for Ollama, http://host:port/v1 for OpenAI-compatible).',
    }),
    model: z.string().min(1).optional().meta({ env: 'LLM_MODEL', description: 'Model name sent to the provider.' }),
    apiKey: z.string().min(1).optional().meta({
      env: 'LLM_API_KEY',
      description: 'API key for an OpenAI-compatible endpoint (OPENAI_API_KEY is used when unset).',
    }),
    openaiApiKey: z.string().min(1).optional().meta({ env: 'OPENAI_API_KEY', description: 'API key for OpenAI.' }),
    timeoutMs: int(500, 600_000).default(20_000).meta({
      env: 'LLM_TIMEOUT_MS',
      description: 'Longest wait for the model; on timeout the extractive answer is served.',
    }),
    maxOutputTokens: int(16, 8192).default(400).meta({ env: 'LLM_MAX_OUTPUT_TOKENS', description: 'Cap on the length of a model answer.' }),
  }),
  feedback: z.object({
    rotateMb: int(1, 10_240).default(16).meta({
      env: 'FEEDBACK_ROTATE_MB',
      description: 'Size at which the files store starts a new feedback.jsonl, keeping the full one beside it as feedback-<time>.jsonl.',
    }),
  }),
  eval: z.object({
    minAnswered: num(0, 1).default(1).meta({
      env: 'EVAL_MIN_ANSWERED',
      description:
        'npm run eval fails when fewer answerable questions than this share are answered correctly with a citation to an expected document.',
    }),
    minRefused: num(0, 1).default(1).meta({
      env: 'EVAL_MIN_REFUSED',
      description: 'npm run eval fails when fewer unanswerable questions than this share are refused.',
    }),
  }),
});

/** A schema of settings: groups (objects) of settings, each leaf with `SettingMeta`. */
export type SettingsSchema = z.ZodObject<Record<string, z.ZodObject<Record<string, z.ZodType>>>>;

type DeepReadonly<T> = T extends readonly unknown[] ? T : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** The settings a schema describes, as the code reads them. */
export type Settings<S extends SettingsSchema> = DeepReadonly<z.output<S>>;

export type Config = Omit<Settings<typeof settingsSchema>, 'llm'> & { readonly llm: LlmConfig };

export type LlmConfig =
  | { readonly provider: 'none' }
  | {
      readonly provider: 'openai' | 'openai-compatible' | 'ollama';
      readonly baseUrl?: string;
      readonly model: string;
      readonly apiKey?: string;
      readonly timeoutMs: number;
      readonly maxOutputTokens: number;
    };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Each setting of a schema: where it sits, its schema and its meta. */
function settingsOf(schema: SettingsSchema): { group: string; key: string; meta: SettingMeta }[] {
  return Object.entries(schema.shape).flatMap(([group, groupSchema]) =>
    Object.entries(groupSchema.shape).map(([key, setting]) => {
      const meta = z.globalRegistry.get(setting) as Partial<SettingMeta> | undefined;
      if (!meta?.env || !meta.description) throw new Error(`setting ${group}.${key} has no env or description in its meta`);
      return { group, key, meta: meta as SettingMeta };
    }),
  );
}

/**
 * A JSON file named by a setting, checked by `schema` after `prepare` (a policy merges over its defaults); a bad
 * file is a ConfigError naming the setting and the file.
 */
export function readSettingFile<T>(
  setting: string,
  file: string,
  what: string,
  schema: z.ZodType<T>,
  prepare: (raw: unknown) => unknown = (raw) => raw,
): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration: ${setting} ${file} cannot be read as JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = schema.safeParse(prepare(raw));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${setting} ${file} is not ${what} (${problems})`);
  }
  return parsed.data;
}

/** Reads the settings of any schema from an environment; throws ConfigError naming each bad variable. */
export function loadSettings<S extends SettingsSchema>(schema: S, env: Record<string, string | undefined>, cwd: string): Settings<S> {
  const settings = settingsOf(schema);
  const input: Record<string, Record<string, string>> = {};
  for (const { group, key, meta } of settings) {
    const value = env[meta.env];
    input[group] ??= {};
    if (value !== undefined && value !== '') input[group][key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const envOf = (issuePath: readonly PropertyKey[]) =>
      settings.find((s) => s.group === issuePath[0] && s.key === issuePath[1])?.meta.env ?? issuePath.join('.');
    const problems = parsed.error.issues.map((issue) => `${envOf(issue.path)}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const values = parsed.data as Record<string, Record<string, unknown>>;
  for (const { group, key, meta } of settings) {
    const value = values[group]?.[key];
    if (meta.path && typeof value === 'string') (values[group] as Record<string, unknown>)[key] = path.resolve(cwd, value);
  }
  return deepFreeze(values) as Settings<S>;
}

/** Parses an environment (default: process.env) into a frozen Config; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const settings = loadSettings(settingsSchema, withAliases(env), cwd);
  if (settings.store.kind === 'postgres' && !settings.store.databaseUrl) {
    throw new ConfigError('Invalid configuration: DATABASE_URL is required when STORE=postgres');
  }
  if (settings.chunking.overlapWords >= settings.chunking.maxWords) {
    throw new ConfigError('Invalid configuration: CHUNK_OVERLAP_WORDS must be smaller than CHUNK_MAX_WORDS');
  }
  return Object.freeze({ ...settings, llm: Object.freeze(llmConfig(settings.llm)) });
}

/**
 * API_KEY is what many tools call the setting: taken as CORPUS_CHAT_API_KEY rather than silently ignored,
 * which would leave a server its operator believes protected open to anyone.
 */
function withAliases(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const alias = env.API_KEY?.trim();
  if (!alias) return env;
  const key = env.CORPUS_CHAT_API_KEY?.trim();
  if (key && key !== alias)
    throw new ConfigError('Invalid configuration: API_KEY and CORPUS_CHAT_API_KEY are both set and differ; set one.');
  return { ...env, CORPUS_CHAT_API_KEY: alias };
}

function llmConfig(llm: Settings<typeof settingsSchema>['llm']): LlmConfig {
  if (llm.provider === 'none') return { provider: 'none' };
  if (!llm.model) throw new ConfigError(`Invalid configuration: LLM_MODEL is required when LLM_PROVIDER=${llm.provider}`);
  if (llm.provider === 'openai-compatible' && !llm.baseUrl) {
    throw new ConfigError('Invalid configuration: LLM_BASE_URL is required when LLM_PROVIDER=openai-compatible');
  }
  const apiKey = llm.apiKey ?? llm.openaiApiKey;
  return {
    provider: llm.provider,
    model: llm.model,
    timeoutMs: llm.timeoutMs,
    maxOutputTokens: llm.maxOutputTokens,
    ...(llm.baseUrl ? { baseUrl: llm.baseUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}

let cached: Config | undefined;

/** The process-wide configuration, parsed on first use. */
export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}
