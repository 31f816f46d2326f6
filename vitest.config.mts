import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two projects: the app's and devhost's tests in test/ (node), and the portal's component and
    // hook tests in web/ (happy-dom; web/vitest.config.ts). `npm test` runs both.
    projects: [
      {
        extends: true,
        test: {
          name: 'app',
          include: ['test/**/*.test.ts'],
        },
      },
      './web/vitest.config.ts',
    ],
    // Integration tests start real processes (devhost, Azurite, PGlite); run files one at a time
    // so two suites never fight over two cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
