// The portal's build: static files in web/dist (devhost serves them at /, Static Web Apps in Azure).
// `npm run dev -w web` serves the sources with hot reload and sends /api, /dev and /config.json to a
// devhost on DEVHOST_URL (default http://127.0.0.1:7071).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const devhost = process.env.DEVHOST_URL ?? 'http://127.0.0.1:7071';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 600 },
  server: {
    proxy: { '/api': devhost, '/dev': devhost, '/config.json': devhost },
  },
});
