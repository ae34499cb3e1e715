/**
 * Builds the pages from web/ into dist/web: the public simulator (index.html, served at / and
 * /simulator) and the staff console (staff.html, served at /staff and /staff/*), with the hashed
 * files under /assets/. Vite 8 transforms TSX itself (oxc), so no React plugin.
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
    // Two entries; `rolldownOptions` is Vite 8's name for what was `rollupOptions` (now a deprecated alias).
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        staff: fileURLToPath(new URL('staff.html', import.meta.url)),
        portal: fileURLToPath(new URL('portal.html', import.meta.url)),
      },
      // antd marks its modules "use client" (for React Server Components): meaningless in a client bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { fs: { allow: [repoRoot] } },
});
