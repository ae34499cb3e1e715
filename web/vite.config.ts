/**
 * Builds the public pages from web/ into dist/web, which the server serves at / and /simulator
 * with the hashed files under /assets/. Vite 8 transforms TSX itself (oxc), so no React plugin.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
  },
  server: { fs: { allow: [repoRoot] } },
});
