/** Imported first by scripts/serve.ts: Next.js and React pick their production builds from NODE_ENV when they load. */
Object.assign(process.env, { NODE_ENV: 'production' });
