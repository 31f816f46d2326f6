// The lint rule that keeps imports pointing one way (docs/architecture.md): an import against the
// direction fails `npm run lint`, and the allowed ones pass.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../devhost/childHost';
// @ts-expect-error -- a plain ESM config module without type declarations
import { layoutPlugin } from '../../eslint.layers.mjs';

const eslint = new ESLint({
  cwd: projectRoot,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { layout: layoutPlugin as ESLint.Plugin },
      rules: { 'layout/import-direction': 'error' },
    },
  ],
});

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${projectRoot}/${file}` });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('layout/import-direction', () => {
  it('refuses purchasing importing approvals, and platform importing a feature', async () => {
    expect(
      await problems('shared/purchasing/x.ts', "import { planApproval } from '../approvals/planApproval';"),
    ).toEqual([expect.stringContaining('shared/purchasing/ may not import shared/approvals/planApproval')]);
    expect(await problems('shared/platform/x.ts', "import '../usage/usageEvent';")).toHaveLength(1);
  });

  it('refuses the app importing devhost and shared importing a trigger', async () => {
    expect(await problems('functions/usage/x.ts', "import '../../devhost/childHost';")).toHaveLength(1);
    expect(await problems('shared/usage/x.ts', "import '../../functions/index';")).toHaveLength(1);
    expect(await problems('devhost/x.ts', "import '../shared/platform/config';")).toHaveLength(1);
  });

  it('lets the dependent feature, triggers and orchestrations import down the layers', async () => {
    expect(await problems('shared/approvals/x.ts', "import '../purchasing/requestSummary';")).toEqual([]);
    expect(
      await problems('functions/approvals/x.ts', "import '../../orchestrations/approvals/purchaseApproval';"),
    ).toEqual([]);
    expect(
      await problems('orchestrations/approvals/x.ts', "import '../../shared/approvals/planApproval';"),
    ).toEqual([]);
  });
});
