/**
 * Slice and SplitV for tfjs's WASM backend that copy only the slice, inside
 * WASM memory. The stock kernels first copy the whole input out of WASM memory
 * into a new JS buffer (`readSync`), then copy the slice back in. use-lite
 * splits every attention layer's query/key/value projection (texts × tokens ×
 * 1536 floats) in three that way, so a call for 16 questions left about 10 MB
 * of buffers behind: garbage the worker held until a full collection (30 MB
 * swings in its memory under load) and copying it cost time. The results are
 * the same bytes.
 */

interface TensorInfo {
  readonly dataId: object;
  readonly shape: number[];
  readonly dtype: string;
}

interface WasmBackend {
  readonly wasm: { readonly HEAPU8: Uint8Array };
  readonly dataIdMap: { get(dataId: object): { readonly memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: string): TensorInfo;
}

interface KernelArgs {
  readonly inputs: { readonly x: TensorInfo };
  readonly attrs: Record<string, unknown>;
  readonly backend: WasmBackend;
}

type KernelFunc = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** The part of tfjs (as bundled by `@energetic-ai/core`) these kernels use. */
export interface TfKernelApi {
  getKernel(name: string, backend: string): { readonly kernelFunc: KernelFunc } | undefined;
  unregisterKernel(name: string, backend: string): void;
  registerKernel(config: { kernelName: string; backendName: string; kernelFunc: KernelFunc }): void;
  readonly slice_util: {
    parseSliceParams(x: TensorInfo, begin: unknown, size: unknown): [number[], number[]];
    isSliceContinous(shape: number[], begin: number[], size: number[]): boolean;
  };
  readonly backend_util: { prepareSplitSize(x: TensorInfo, numOrSizeSplits: unknown, axis: number): number[] };
  readonly util: {
    parseAxisParam(axis: unknown, shape: number[]): number[];
    computeStrides(shape: number[]): number[];
    bytesPerElement(dtype: string): number;
    sizeFromShape(shape: number[]): number;
  };
}

function offsetOf(backend: WasmBackend, tensor: TensorInfo): number {
  const data = backend.dataIdMap.get(tensor.dataId);
  if (!data) throw new Error('tensor is not in WASM memory');
  return data.memoryOffset;
}

/** Copies `size` elements starting at `begin` of `x` into a new tensor, row by row. */
function sliceInPlace(tf: TfKernelApi, backend: WasmBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  // The output is allocated first: allocating can grow (and so move) WASM memory.
  const out = backend.makeOutput(size, x.dtype);
  const count = tf.util.sizeFromShape(size);
  if (count === 0) return out;
  const heap = backend.wasm.HEAPU8;
  const bytes = tf.util.bytesPerElement(x.dtype);
  const from = offsetOf(backend, x);
  let to = offsetOf(backend, out);
  const strides = [...tf.util.computeStrides(x.shape), 1];
  const start = begin.reduce((sum, b, d) => sum + b * (strides[d] as number), 0);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    heap.copyWithin(to, from + start * bytes, from + (start + count) * bytes);
    return out;
  }
  // Runs along the last axis are contiguous; walk every index of the others.
  const last = size.length - 1;
  const run = (size[last] as number) * bytes;
  const index = new Array<number>(last).fill(0);
  for (let copied = 0; copied < count; copied += size[last] as number) {
    let at = start;
    for (let d = 0; d < last; d++) at += (index[d] as number) * (strides[d] as number);
    heap.copyWithin(to, from + at * bytes, from + at * bytes + run);
    to += run;
    for (let d = last - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (size[d] as number)) break;
      index[d] = 0;
    }
  }
  return out;
}

/**
 * Replaces the WASM backend's Slice and SplitV kernels (strings still go to
 * the stock ones). Safe to call more than once.
 */
export function installWasmSlice(tf: TfKernelApi): void {
  const stockSlice = tf.getKernel('Slice', 'wasm')?.kernelFunc;
  if (!stockSlice || (stockSlice as { inPlace?: boolean }).inPlace) return;

  const slice: KernelFunc = (args) => {
    const { x } = args.inputs;
    if (x.dtype === 'string') return stockSlice(args);
    const [begin, size] = tf.slice_util.parseSliceParams(x, args.attrs.begin, args.attrs.size);
    return sliceInPlace(tf, args.backend, x, begin, size);
  };
  const splitV: KernelFunc = (args) => {
    const { x } = args.inputs;
    const [axis] = tf.util.parseAxisParam(args.attrs.axis, x.shape) as [number];
    const begin = x.shape.map(() => 0);
    return tf.backend_util.prepareSplitSize(x, args.attrs.numOrSizeSplits, axis).map((part) => {
      const size = [...x.shape];
      size[axis] = part;
      const piece = slice({ ...args, attrs: { begin: [...begin], size } });
      begin[axis] = (begin[axis] as number) + part;
      return piece as TensorInfo;
    });
  };
  Object.assign(slice, { inPlace: true });
  for (const [kernelName, kernelFunc] of [
    ['Slice', slice],
    ['SplitV', splitV],
  ] as const) {
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
}
