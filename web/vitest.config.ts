// Component and hook tests of the portal: happy-dom and Testing Library. The root `npm test` runs
// them as the "web" project (vitest.config.mts at the root lists it).
import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [react()],
  test: {
    name: 'web',
    root: import.meta.dirname,
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    setupFiles: ['src/test/setup.ts'],
    testTimeout: 20_000,
  },
});
