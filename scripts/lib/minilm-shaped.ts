/**
 * A BERT with the shape of all-MiniLM-L6-v2 (6 layers, hidden 384, 12 heads,
 * feed-forward 1,536, 30,522-piece vocabulary, 512 positions) and seeded
 * random weights, written as a local transformers.js model: what the default
 * transformers model costs to run, measured on a machine that cannot download
 * it. Its vectors mean nothing; its speed is the real model's, which has the
 * same operators on tensors of the same sizes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;

const MINILM_SHAPE = { layers: 6, hidden: 384, heads: 12, intermediate: 1536, vocab: 30_522, positions: 512 } as const;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
/** BERT's special tokens, first in its vocabulary. */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/** Deterministic pseudo-random weights (mulberry32), scaled like a trained model's initialisation. */
function seeded(count: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(count);
  let a = seed >>> 0;
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

class Graph {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private n = 0;
  private seed = 1;

  weight(dims: readonly number[], fill?: number): string {
    const name = `w${this.n++}`;
    const count = dims.reduce((a, b) => a * b, 1);
    const data = fill === undefined ? seeded(count, this.seed++, 0.05) : new Float32Array(count).fill(fill);
    this.initializers.push({ name, dataType: FLOAT, dims: [...dims], rawData: new Uint8Array(data.buffer) });
    return name;
  }

  ints(values: readonly number[]): string {
    const name = `c${this.n++}`;
    const data = BigInt64Array.from(values.map(BigInt));
    this.initializers.push({ name, dataType: INT64, dims: [values.length], rawData: new Uint8Array(data.buffer) });
    return name;
  }

  int(value: number): string {
    const name = `i${this.n++}`;
    this.initializers.push({ name, dataType: INT64, dims: [], rawData: new Uint8Array(BigInt64Array.from([BigInt(value)]).buffer) });
    return name;
  }

  scalar(value: number): string {
    const name = `s${this.n++}`;
    this.initializers.push({ name, dataType: FLOAT, dims: [], rawData: new Uint8Array(new Float32Array([value]).buffer) });
    return name;
  }

  op(opType: string, inputs: readonly string[], attribute: onnxProto.onnx.IAttributeProto[] = [], output = `t${this.n++}`): string {
    this.nodes.push({ opType, input: [...inputs], output: [output], attribute });
    return output;
  }

  linear(x: string, from: number, to: number): string {
    return this.op('Add', [this.op('MatMul', [x, this.weight([from, to])]), this.weight([to], 0)]);
  }

  layerNorm(x: string, size: number): string {
    return this.op(
      'LayerNormalization',
      [x, this.weight([size], 1), this.weight([size], 0)],
      [
        { name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 },
        { name: 'epsilon', type: onnx.AttributeProto.AttributeType.FLOAT, f: 1e-12 },
      ],
    );
  }
}

const perm = (values: number[]) => ({ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: values });

function bertOnnx(): Uint8Array {
  const { layers, hidden, heads, intermediate, vocab, positions } = MINILM_SHAPE;
  const depth = hidden / heads;
  const g = new Graph();
  const words = g.op('Gather', [g.weight([vocab, hidden]), 'input_ids']);
  const length = g.op('Gather', [g.op('Shape', ['input_ids']), g.int(1)]);
  const place = g.op('Gather', [g.weight([positions, hidden]), g.op('Range', [g.int(0), length, g.int(1)])]);
  const types = g.op('Gather', [g.weight([2, hidden]), 'token_type_ids']);
  let x = g.layerNorm(g.op('Add', [g.op('Add', [words, place]), types]), hidden);
  // Padding positions get a large negative score before the softmax.
  const keep = g.op('Cast', ['attention_mask'], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }]);
  const bias = g.op('Mul', [g.op('Sub', [g.scalar(1), keep]), g.scalar(-10_000)]);
  const maskBias = g.op('Unsqueeze', [bias, g.ints([1, 2])]);
  const split = g.ints([0, 0, heads, depth]);
  for (let layer = 0; layer < layers; layer++) {
    const headsOf = (t: string, order: number[]) => g.op('Transpose', [g.op('Reshape', [t, split])], [perm(order)]);
    const q = headsOf(g.linear(x, hidden, hidden), [0, 2, 1, 3]);
    const k = headsOf(g.linear(x, hidden, hidden), [0, 2, 3, 1]);
    const v = headsOf(g.linear(x, hidden, hidden), [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, k]), g.scalar(1 / Math.sqrt(depth))]), maskBias]);
    const context = g.op('MatMul', [g.op('Softmax', [scores], [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }]), v]);
    const merged = g.op('Reshape', [g.op('Transpose', [context], [perm([0, 2, 1, 3])]), g.ints([0, 0, hidden])]);
    x = g.layerNorm(g.op('Add', [x, g.linear(merged, hidden, hidden)]), hidden);
    const up = g.linear(x, hidden, intermediate);
    // GELU, the exact form: x · Φ(x) = 0.5 · x · (1 + erf(x / √2)).
    const gelu = g.op('Mul', [
      g.op('Mul', [up, g.scalar(0.5)]),
      g.op('Add', [g.op('Erf', [g.op('Div', [up, g.scalar(Math.SQRT2)])]), g.scalar(1)]),
    ]);
    x = g.layerNorm(g.op('Add', [x, g.linear(gelu, intermediate, hidden)]), hidden);
  }
  g.op('Identity', [x], [], 'last_hidden_state');
  const dims = (...d: (string | number)[]) => ({ dim: d.map((v) => (typeof v === 'number' ? { dimValue: v } : { dimParam: v })) });
  const input = (name: string) => ({ name, type: { tensorType: { elemType: INT64, shape: dims('batch', 'sequence') } } });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'corpus-chat bench (MiniLM-shaped, random weights)',
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'minilm-shaped',
        node: g.nodes,
        initializer: g.initializers,
        input: [input('input_ids'), input('attention_mask'), input('token_type_ids')],
        output: [{ name: 'last_hidden_state', type: { tensorType: { elemType: FLOAT, shape: dims('batch', 'sequence', hidden) } } }],
      },
    }),
  ).finish();
}

/**
 * A WordPiece vocabulary of the model's size: the special tokens, single characters and their "##"
 * continuations, then the given words (most frequent first, so texts tokenise about as a real English
 * vocabulary would), then filler pieces.
 */
function vocabulary(words: readonly string[]): string[] {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789.,;:!?\'"()-/[]{}<>@#$%&*+=_'.split('');
  const vocab = [...SPECIAL_TOKENS, ...chars, ...chars.map((c) => `##${c}`)];
  const seen = new Set(vocab);
  for (const word of words) {
    if (vocab.length >= MINILM_SHAPE.vocab) break;
    if (!seen.has(word)) {
      seen.add(word);
      vocab.push(word);
    }
  }
  for (let i = 0; vocab.length < MINILM_SHAPE.vocab; i++) vocab.push(`[unused${i}]`);
  return vocab;
}

/** A WordPiece tokenizer.json over `vocab` (which starts with SPECIAL_TOKENS), as BERT models ship it. */
export function wordPieceTokenizerJson(vocab: readonly string[]): object {
  const ids = Object.fromEntries(vocab.map((token, id) => [token, id]));
  const special = (token: string) => ({
    id: ids[token],
    content: token,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const cls = { SpecialToken: { id: '[CLS]', type_id: 0 } };
  const sep = { SpecialToken: { id: '[SEP]', type_id: 0 } };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep],
      pair: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep, { Sequence: { id: 'B', type_id: 1 } }, sep],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [ids[t]], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: ids },
  };
}

/** tokenizer_config.json of a lower-casing BERT tokenizer. */
export const BERT_TOKENIZER_CONFIG = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  model_max_length: 512,
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  mask_token: '[MASK]',
};

/** Writes the model into `modelsDir/<model>/` as transformers.js loads a local model; `words` seed its vocabulary. */
export async function writeMiniLmShaped(modelsDir: string, model: string, words: readonly string[]): Promise<void> {
  const dir = path.join(modelsDir, model);
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  const { layers, hidden, heads, intermediate, vocab, positions } = MINILM_SHAPE;
  await writeFile(path.join(dir, 'onnx', 'model.onnx'), bertOnnx());
  await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(wordPieceTokenizerJson(vocabulary(words))));
  await writeFile(path.join(dir, 'tokenizer_config.json'), JSON.stringify(BERT_TOKENIZER_CONFIG));
  await writeFile(
    path.join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: hidden,
      num_hidden_layers: layers,
      num_attention_heads: heads,
      intermediate_size: intermediate,
      vocab_size: vocab,
      max_position_embeddings: positions,
      type_vocab_size: 2,
    }),
  );
}
