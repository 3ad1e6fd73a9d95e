/**
 * Every tunable and environment variable, validated once. Modules receive the
 * slice they need as an argument; nothing reads process.env anywhere else.
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);

/** Environment variables, with the defaults chosen from the retrieval eval (see README). */
export const envSchema = z.object({
  CORPUS_DIR: z.string().min(1).default('corpus').describe('Folder of documents to index (.txt, .md, .html, .pdf), read recursively.'),
  INDEX_DIR: z.string().min(1).default('data/index').describe('Folder the index is written to and served from.'),
  MODELS_DIR: z.string().min(1).default('models').describe('Local transformers.js model folder, checked before the Hugging Face Hub.'),
  EMBEDDER: z
    .enum(['auto', 'use-lite', 'transformers'])
    .default('auto')
    .describe('Embedding model family; auto prefers transformers when its model is available.'),
  TRANSFORMERS_MODEL: z
    .string()
    .min(1)
    .default('Xenova/all-MiniLM-L6-v2')
    .describe('transformers.js model id (a folder under MODELS_DIR or a Hub id).'),
  ALLOW_REMOTE_MODELS: bool.default(true).describe('Allow transformers.js to download a model from the Hub when it is not in MODELS_DIR.'),
  REMOTE_PROBE_TIMEOUT_MS: int(100, 60_000).default(3000).describe('How long EMBEDDER=auto waits to learn whether the Hub is reachable.'),
  EMBED_BATCH_SIZE: int(1, 1024).default(32).describe('Texts per embedding call during a build.'),
  EMBED_BATCH_CHARS: int(100, 10_000_000)
    .default(6000)
    .describe(
      "Characters per embedding call; a longer text goes alone. The model's memory grows with the text in one call and is kept until the process ends.",
    ),
  INDEX_LOCK_WAIT_MS: int(0, 3_600_000)
    .default(120_000)
    .describe('How long a build waits for another build of the same index to finish before giving up.'),
  EXTRACT_MEMORY_MB: int(32, 65_536)
    .default(384)
    .describe(
      'Heap limit of the worker thread that reads one file (uploads and builds); a file that needs more is skipped with the reason instead of taking the process down.',
    ),
  EXTRACT_TIMEOUT_MS: int(100, 3_600_000)
    .default(30_000)
    .describe('Longest time reading one file may take; a slower file is skipped with the reason.'),
  ALLOW_UPLOADS: bool
    .default(true)
    .describe('Let the page and POST /api/documents add files to the corpus (switch off for a shared deployment).'),
  UPLOAD_MAX_FILE_MB: num(0.001, 1024).default(10).describe('Largest file an upload may add, in MB.'),
  UPLOAD_MAX_FILES: int(1, 100).default(10).describe('Most files in one upload request.'),
  UPLOAD_MAX_CONCURRENT: int(1, 64)
    .default(2)
    .describe('Uploads the server handles at once, from all clients together; more get 503 with Retry-After.'),
  RATE_LIMIT_PER_MINUTE: int(0, 1_000_000)
    .default(120)
    .describe('Questions (/api/answer, /api/chat) per client per minute; 0 switches the limit off.'),
  RATE_LIMIT_BURST: int(1, 100_000).default(30).describe('Questions a client may send at once before the per-minute rate applies.'),
  RATE_LIMIT_GLOBAL_PER_MINUTE: int(0, 10_000_000)
    .default(1200)
    .describe('Questions per minute from all clients together; bounds the load even when clients forge their address. 0 switches it off.'),
  UPLOAD_RATE_LIMIT_PER_MINUTE: int(0, 100_000).default(10).describe('Upload requests per client per minute; 0 switches the limit off.'),
  CORPUS_CHAT_API_KEY: z
    .string()
    .min(8)
    .optional()
    .describe('When set, every API route (/api/*, /v1/*) needs Authorization: Bearer <key>; the page asks for it once.'),
  TRUST_PROXY: bool
    .default(false)
    .describe(
      "Behind a reverse proxy you run: identify clients by the last X-Forwarded-For address (the one your proxy appends). Otherwise npm start replaces the header with the connection's address, so a client cannot name itself.",
    ),
  SERVER_HEAP_MB: int(0, 1_048_576)
    .default(1536)
    .describe(
      "Old-space limit of the server's JavaScript heap (npm start), in MB; 0 keeps Node's default. Under 2048, V8 lets its heap grow to about twice the live data instead of four times, which keeps the server near half the memory under sustained load at the same speed (docs/performance.md). Raise it for a corpus whose index needs more.",
    ),
  CORPUS_NAME: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .default('documents')
    .describe(
      'What the corpus is called in answers and on the page, as a plural noun ("news articles", "manual pages"): "The documents don\'t cover this question".',
    ),
  CORPUS_DESCRIPTION: z
    .string()
    .trim()
    .max(300)
    .default('')
    .describe(
      'One line on what the corpus is about, shown on the page and given to a language model (e.g. "release notes of our product, 2019-2024").',
    ),
  REQUEST_TIMEOUT_MS: int(1000, 600_000).default(60_000).describe('Longest time an answer may take before the request is ended.'),
  INDEX_WATCH_DEBOUNCE_MS: int(50, 60_000)
    .default(750)
    .describe('With npm run index -- --watch, how long the corpus must be quiet before a rebuild.'),
  CHUNK_MAX_WORDS: int(20, 2000).default(120).describe('Largest passage, in words; passages end on sentence boundaries.'),
  CHUNK_OVERLAP_WORDS: int(0, 1000).default(30).describe('Words of trailing whole sentences repeated at the start of the next passage.'),
  HNSW_M: int(4, 128).default(16).describe('HNSW graph degree.'),
  HNSW_EF_CONSTRUCTION: int(10, 2000).default(200).describe('HNSW build-time candidate list size.'),
  HNSW_EF_SEARCH: int(10, 2000)
    .default(200)
    .describe(
      'HNSW query-time candidate list size; 200 is the smallest value with recall@10 ≥ 0.99 against exact search on the scale corpus (docs/performance.md).',
    ),
  RETRIEVAL_K: int(1, 100).default(5).describe('Passages returned per question.'),
  RETRIEVAL_CANDIDATES: int(5, 1000).default(50).describe('Candidates taken from each of the dense and lexical lists before fusion.'),
  FUSION: z.enum(['rrf', 'weighted']).default('weighted').describe('How dense and lexical rankings are combined.'),
  RRF_K: int(1, 1000).default(60).describe('Reciprocal-rank-fusion constant.'),
  DENSE_WEIGHT: num(0, 1).default(0.3).describe('Share of the dense score in weighted fusion (lexical gets the rest).'),
  ANSWER_PASSAGES: int(1, 50).default(5).describe('Retrieved passages whose sentences the answer may use.'),
  ANSWER_MAX_WORDS: int(10, 400).default(80).describe('Longest extractive answer, in words (a pronoun antecedent may add one sentence).'),
  ANSWER_POLICY: z
    .string()
    .min(1)
    .optional()
    .describe(
      'A JSON file of answer-policy numbers (weights, thresholds, lengths; see lib/answer/policy.ts) over the fitted defaults, as npm run fit-policy -- --out FILE writes it. A bad file stops start-up.',
    ),
  LLM_PROVIDER: z
    .enum(['none', 'openai', 'openai-compatible', 'ollama'])
    .default('none')
    .describe('Language model that writes answers; none = extractive answers only.'),
  LLM_BASE_URL: z
    .url()
    .optional()
    .describe('Endpoint of the model server (e.g. http://127.0.0.1:11434/api for Ollama, http://host:port/v1 for OpenAI-compatible).'),
  LLM_MODEL: z.string().min(1).optional().describe('Model name sent to the provider.'),
  LLM_API_KEY: z.string().min(1).optional().describe('API key for an OpenAI-compatible endpoint (OPENAI_API_KEY is used when unset).'),
  OPENAI_API_KEY: z.string().min(1).optional().describe('API key for OpenAI.'),
  LLM_TIMEOUT_MS: int(500, 600_000).default(20_000).describe('Longest wait for the model; on timeout the extractive answer is served.'),
  LLM_MAX_OUTPUT_TOKENS: int(16, 8192).default(400).describe('Cap on the length of a model answer.'),
  EVAL_MIN_ANSWERED: num(0, 1)
    .default(1)
    .describe(
      'npm run eval fails when fewer answerable questions than this share are answered correctly with a citation to an expected document.',
    ),
  EVAL_MIN_REFUSED: num(0, 1).default(1).describe('npm run eval fails when fewer unanswerable questions than this share are refused.'),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  readonly paths: { readonly corpusDir: string; readonly indexDir: string; readonly modelsDir: string };
  readonly embeddings: {
    readonly embedder: 'auto' | 'use-lite' | 'transformers';
    readonly transformersModel: string;
    readonly allowRemoteModels: boolean;
    readonly remoteProbeTimeoutMs: number;
    readonly batchSize: number;
    readonly batchChars: number;
  };
  readonly indexing: { readonly lockWaitMs: number; readonly watchDebounceMs: number };
  /** Limits of the sandbox that reads each file. */
  readonly extraction: { readonly memoryMb: number; readonly timeoutMs: number };
  readonly uploads: { readonly enabled: boolean; readonly maxFileBytes: number; readonly maxFiles: number; readonly maxConcurrent: number };
  readonly limits: {
    readonly questionsPerMinute: number;
    readonly globalQuestionsPerMinute: number;
    readonly burst: number;
    readonly uploadsPerMinute: number;
    readonly trustProxy: boolean;
    readonly requestTimeoutMs: number;
    /** V8 old-space limit for the server process; 0 = Node's default. */
    readonly serverHeapMb: number;
    readonly apiKey?: string;
  };
  readonly chunking: { readonly maxWords: number; readonly overlapWords: number };
  readonly hnsw: { readonly m: number; readonly efConstruction: number; readonly efSearch: number };
  readonly retrieval: {
    readonly k: number;
    readonly candidates: number;
    readonly fusion: 'rrf' | 'weighted';
    readonly rrfK: number;
    readonly denseWeight: number;
  };
  readonly answer: {
    readonly passages: number;
    readonly maxWords: number;
    /** ANSWER_POLICY, resolved against the working directory. */
    readonly policyFile?: string;
  };
  readonly llm: LlmConfig;
  readonly eval: { readonly minAnswered: number; readonly minRefused: number };
  /** How answers and the page name the corpus. */
  readonly corpus: { readonly name: string; readonly description: string };
}

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

/** Parses an environment (default: process.env) into a frozen Config; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const known = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => {
      const value = env[key];
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const parsed = envSchema.safeParse(known);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.CHUNK_OVERLAP_WORDS >= e.CHUNK_MAX_WORDS) {
    throw new ConfigError('Invalid configuration: CHUNK_OVERLAP_WORDS must be smaller than CHUNK_MAX_WORDS');
  }
  if (e.LLM_PROVIDER !== 'none' && !e.LLM_MODEL) {
    throw new ConfigError(`Invalid configuration: LLM_MODEL is required when LLM_PROVIDER=${e.LLM_PROVIDER}`);
  }
  if (e.LLM_PROVIDER === 'openai-compatible' && !e.LLM_BASE_URL) {
    throw new ConfigError('Invalid configuration: LLM_BASE_URL is required when LLM_PROVIDER=openai-compatible');
  }
  const llm: LlmConfig =
    e.LLM_PROVIDER === 'none' || !e.LLM_MODEL
      ? { provider: 'none' }
      : {
          provider: e.LLM_PROVIDER,
          model: e.LLM_MODEL,
          timeoutMs: e.LLM_TIMEOUT_MS,
          maxOutputTokens: e.LLM_MAX_OUTPUT_TOKENS,
          ...(e.LLM_BASE_URL ? { baseUrl: e.LLM_BASE_URL } : {}),
          ...((e.LLM_API_KEY ?? e.OPENAI_API_KEY) ? { apiKey: e.LLM_API_KEY ?? e.OPENAI_API_KEY } : {}),
        };
  const config: Config = {
    paths: {
      corpusDir: path.resolve(cwd, e.CORPUS_DIR),
      indexDir: path.resolve(cwd, e.INDEX_DIR),
      modelsDir: path.resolve(cwd, e.MODELS_DIR),
    },
    embeddings: {
      embedder: e.EMBEDDER,
      transformersModel: e.TRANSFORMERS_MODEL,
      allowRemoteModels: e.ALLOW_REMOTE_MODELS,
      remoteProbeTimeoutMs: e.REMOTE_PROBE_TIMEOUT_MS,
      batchSize: e.EMBED_BATCH_SIZE,
      batchChars: e.EMBED_BATCH_CHARS,
    },
    indexing: { lockWaitMs: e.INDEX_LOCK_WAIT_MS, watchDebounceMs: e.INDEX_WATCH_DEBOUNCE_MS },
    extraction: { memoryMb: e.EXTRACT_MEMORY_MB, timeoutMs: e.EXTRACT_TIMEOUT_MS },
    limits: {
      questionsPerMinute: e.RATE_LIMIT_PER_MINUTE,
      globalQuestionsPerMinute: e.RATE_LIMIT_GLOBAL_PER_MINUTE,
      burst: e.RATE_LIMIT_BURST,
      uploadsPerMinute: e.UPLOAD_RATE_LIMIT_PER_MINUTE,
      trustProxy: e.TRUST_PROXY,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      serverHeapMb: e.SERVER_HEAP_MB,
      ...(e.CORPUS_CHAT_API_KEY ? { apiKey: e.CORPUS_CHAT_API_KEY } : {}),
    },
    uploads: {
      enabled: e.ALLOW_UPLOADS,
      maxFileBytes: Math.round(e.UPLOAD_MAX_FILE_MB * 1024 * 1024),
      maxFiles: e.UPLOAD_MAX_FILES,
      maxConcurrent: e.UPLOAD_MAX_CONCURRENT,
    },
    chunking: { maxWords: e.CHUNK_MAX_WORDS, overlapWords: e.CHUNK_OVERLAP_WORDS },
    hnsw: { m: e.HNSW_M, efConstruction: e.HNSW_EF_CONSTRUCTION, efSearch: e.HNSW_EF_SEARCH },
    retrieval: {
      k: e.RETRIEVAL_K,
      candidates: e.RETRIEVAL_CANDIDATES,
      fusion: e.FUSION,
      rrfK: e.RRF_K,
      denseWeight: e.DENSE_WEIGHT,
    },
    answer: {
      passages: e.ANSWER_PASSAGES,
      maxWords: e.ANSWER_MAX_WORDS,
      ...(e.ANSWER_POLICY ? { policyFile: path.resolve(cwd, e.ANSWER_POLICY) } : {}),
    },
    llm,
    eval: { minAnswered: e.EVAL_MIN_ANSWERED, minRefused: e.EVAL_MIN_REFUSED },
    corpus: { name: e.CORPUS_NAME, description: e.CORPUS_DESCRIPTION },
  };
  return deepFreeze(config);
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
