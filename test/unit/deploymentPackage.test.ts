// The deployment package holds the compiled app and its production dependencies only: devhost, the
// tests, the seed and benchmark scripts, TypeScript sources and local settings stay out of Azure.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../devhost/childHost';
import { deploymentFiles, productionPackages } from '../../scripts/deployment/package';

describe('the deployment package', () => {
  beforeAll(() => {
    // `npm test` builds first; a lone run of this file may not have.
    if (!existsSync(join(projectRoot, 'dist', 'functions', 'index.js')))
      execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: projectRoot, stdio: 'inherit' });
  });

  it('holds the compiled app, host.json and package.json, and nothing of devhost, tests, seeds or sources', () => {
    const files = deploymentFiles(projectRoot);
    expect(files).toContain('dist/functions/index.js');
    expect(files).toContain('dist/orchestrations/approvals/purchaseApproval.js');
    expect(files).toContain('dist/shared/platform/db/migrations/index.js');
    expect(files).toContain('host.json');
    expect(files).toContain('package.json');
    const misplaced = files.filter(
      (file) =>
        !/^dist\/(functions|orchestrations|shared)\/.+\.js$/.test(file) &&
        !['host.json', 'package.json', 'package-lock.json'].includes(file),
    );
    expect(misplaced).toEqual([]);
    expect(
      files.filter((file) => /devhost|scripts|seed|test|\.ts$|\.map$|local\.settings/.test(file)),
    ).toEqual([]);
  });

  it('installs only what runs in Azure: no devhost, local database, test or build tooling', () => {
    const packages = productionPackages(projectRoot);
    expect(packages).toEqual(
      expect.arrayContaining(['@azure/functions', 'durable-functions', 'kysely', 'pg', 'zod']),
    );
    const localOnly = [
      '@asset-pulse/devhost',
      'azurite',
      'croner',
      'smtp-server',
      'mailparser',
      '@electric-sql/pglite',
      '@electric-sql/pglite-pgvector',
      'vitest',
      'vite',
      'typescript',
      'eslint',
      'playwright-core',
    ];
    expect(packages.filter((name) => localOnly.includes(name))).toEqual([]);
  });
});
