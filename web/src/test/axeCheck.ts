// axe-core over a rendered page in the component tests: the pages the browser test cannot reach yet
// (their API routes arrive separately) still get the serious and critical checks that need no layout.
import axe from 'axe-core';

export async function seriousViolations(root: Element = document.body): Promise<string[]> {
  const result = await axe.run(root, {
    // layout-dependent rules need a real browser (test/e2e/portal.test.ts runs them)
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
