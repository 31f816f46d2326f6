// Names seen in usage logs, confirmed (or not) as the catalog app they resemble, the way an Admin
// reviewing proposed aliases would judge them.
import { describe, expect, it } from 'vitest';
import { createLocalAiProvider } from '../../shared/ai/local/localAiProvider';
import {
  confirmAppIdentityJsonSchema,
  confirmAppIdentityOutput,
  confirmAppIdentityTask,
} from '../../shared/ai/tasks/confirmAppIdentity';
import type { AppText } from '../../shared/ai/tasks/judgeOverlap';
import { seedAppText } from '../../scripts/ai/seedAppTexts';
import { APPS } from '../../scripts/seed/catalog';
import { strictSchemaViolations } from '../support/strictJsonSchema';

function app(slug: string): AppText {
  const found = APPS.find((candidate) => candidate.slug === slug);
  if (!found) throw new Error(`no seeded app ${slug}`);
  return seedAppText(found);
}

const confirm = (seenName: string, slug: string) =>
  confirmAppIdentityTask.local({ seenName, candidate: app(slug), similarity: 0.5 });

describe('confirming that a name seen in logs is a catalog app', () => {
  it.each([
    ['MS Teams', 'microsoft-teams-essentials'],
    ['slack.com', 'slack'],
    ['Adobe Acrobat Pro DC', 'adobe-acrobat-pro'],
    ['zoom-us', 'zoom-workplace'],
    ['o365', 'microsoft-365-e5'],
    ['gws', 'google-workspace-business-standard'],
    ['Google Cloud Platform', 'google-cloud-platform'],
    ['bamboo hr', 'bamboohr'],
    ['monday.com', 'monday-com'],
    ['1Password 8', '1password-business'],
    ['Slack Enterprise Grid', 'slack'],
    ['Jira Software', 'jira'],
    ['Cisco Webex Meetings', 'webex-suite'],
    ['Power BI Desktop', 'power-bi-pro'],
    ['AWS', 'aws'],
    ['otter.ai', 'otter-ai'],
  ])('"%s" is %s', (seen, slug) => {
    const output = confirm(seen, slug);
    expect(output.sameProduct, output.rationale).toBe(true);
    expect(output.rationale).toContain(`"${seen}"`);
  });

  it.each([
    ['Microsoft', 'microsoft-teams-essentials'],
    ['Atlassian', 'jira'],
    ['Salesforce', 'salesforce-sales-cloud'],
    ['zoom', 'zoominfo'],
    ['MS Teams', 'microsoft-365-e3'],
    ['Microsoft 365 Copilot', 'microsoft-365-e3'],
    ['GitHub Copilot', 'github-enterprise'],
    ['Visual Studio Code', 'visual-studio-professional'],
    ['Adobe Photoshop 2025', 'adobe-acrobat-pro'],
    ['Dropbox Sign', 'dropbox-business'],
    ['Miro', 'mural'],
    ['', 'slack'],
  ])('"%s" is not %s', (seen, slug) => {
    const output = confirm(seen, slug);
    expect(output.sameProduct, output.rationale).toBe(false);
  });

  it('explains a bare vendor name and an extra product word', () => {
    expect(confirm('Microsoft', 'microsoft-teams-essentials').rationale).toBe(
      '"Microsoft" names the vendor Microsoft, not which of its products: Microsoft Teams Essentials is one of several.',
    );
    expect(confirm('Microsoft 365 Copilot', 'microsoft-365-e3').rationale).toContain('also names "copilot"');
  });

  it('answers through the provider within its own schema, labelled deterministic', async () => {
    const result = await createLocalAiProvider().run(
      confirmAppIdentityTask,
      { seenName: 'MS Teams', candidate: app('microsoft-teams-essentials'), similarity: 0.7 },
      { feature: 'app-identity' },
    );
    expect(result.output.sameProduct).toBe(true);
    expect(result.answeredBy).toEqual({ provider: 'local', model: 'local-rules-v1', deterministic: true });
    expect(confirmAppIdentityOutput.safeParse(result.output).success).toBe(true);
  });

  it('gives a model a strict JSON schema and the candidate’s catalog text', () => {
    expect(strictSchemaViolations(confirmAppIdentityJsonSchema)).toEqual([]);
    const [system, user] = confirmAppIdentityTask.messages({
      seenName: 'zoom-us',
      candidate: app('zoom-workplace'),
      similarity: 0.61,
    });
    expect(system?.role).toBe('system');
    expect(user?.content).toContain('Seen name: zoom-us');
    expect(user?.content).toContain('Catalog product: Zoom Workplace by Zoom Communications (Collaboration)');
  });
});
