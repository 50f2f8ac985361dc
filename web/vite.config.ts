/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API and the WebSocket stream to a running `storeops demo`
// (STOREOPS_BACKEND, default http://127.0.0.1:8080).
const backend = process.env.STOREOPS_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  // web/public/index.html is the server's placeholder page for when dist/ is not built: not an asset.
  publicDir: false,
  server: {
    proxy: {
      '/api': { target: backend, ws: true, changeOrigin: true },
      '/healthz': { target: backend },
      '/metrics': { target: backend },
    },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
