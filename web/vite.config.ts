import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { chunkSizeReport } from './build/chunk-size-report';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/** Initial JavaScript budget (gzipped): what a phone in a village downloads before the first screen. */
const INITIAL_JS_BUDGET_KB = 500;

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), chunkSizeReport({ budgetKb: INITIAL_JS_BUDGET_KB })],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The size report below replaces Vite's own warning, which counts minified bytes rather than gzipped ones.
    chunkSizeWarningLimit: 5000,
    reportCompressedSize: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: false },
    },
  },
});
