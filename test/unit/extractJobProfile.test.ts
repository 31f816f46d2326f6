// Reading a job description with the local provider: the skills it names (lexicon concepts, quoted
// with the words that named them) and the responsibilities it lists, each quote an exact slice of
// the description, the requirements left out of the tasks.
import { describe, expect, it } from 'vitest';
import { locateEvidence } from '../../shared/ai/jdMatch/locateEvidence';
import { createLocalAiProvider } from '../../shared/ai/local/localAiProvider';
import { MAX_SKILLS, MAX_TASKS } from '../../shared/ai/local/jobProfileRules';
import {
  extractJobProfileJsonSchema,
  extractJobProfileTask,
  type ExtractJobProfileOutput,
} from '../../shared/ai/tasks/extractJobProfile';
import { strictSchemaViolations } from '../support/strictJsonSchema';

const provider = createLocalAiProvider();

const ANALYST = `We are looking for a Data Analyst to join our Data & Analytics team.

What you'll do
- Build and maintain dashboards in our BI tool for the sales and finance teams
- Write SQL queries against the data warehouse to answer business questions
- Present data visualizations and insights to managers

What you bring
- Strong SQL and spreadsheet skills
- Experience with Tableau, Power BI or Looker`;

async function extract(jobDescription: string, jobTitle = 'Data Analyst'): Promise<ExtractJobProfileOutput> {
  const result = await provider.run(extractJobProfileTask, { jobTitle, jobDescription }, { feature: 'test' });
  expect(result.answeredBy).toMatchObject({ provider: 'local', deterministic: true });
  return extractJobProfileTask.output.parse(result.output);
}

describe('extracting skills and tasks from a job description (local provider)', () => {
  it("names the analyst's skills with the words of the description", async () => {
    const { skills } = await extract(ANALYST);
    const labels = skills.map((s) => s.label);
    expect(labels).toEqual(expect.arrayContaining(['SQL', 'Interactive BI dashboards']));
    const sql = skills.find((s) => s.label === 'SQL')!;
    expect(sql.quote).toMatch(/^SQL/);
    expect(sql.concept).toEqual(expect.any(String));
    for (const skill of skills) expect(ANALYST).toContain(skill.quote);
  });

  it('takes the responsibilities as tasks, quoted whole, and leaves the requirements out', async () => {
    const { tasks } = await extract(ANALYST);
    expect(tasks.map((t) => t.quote)).toEqual([
      'Build and maintain dashboards in our BI tool for the sales and finance teams',
      'Write SQL queries against the data warehouse to answer business questions',
      'Present data visualizations and insights to managers',
    ]);
    expect(tasks[0]!.label).toBe(
      'Build and maintain dashboards in our BI tool for the sales and finance teams',
    );
  });

  it('gives quotes whose offsets point at the same words in the description', async () => {
    const output = await extract(ANALYST);
    const located = locateEvidence(ANALYST, [...output.skills, ...output.tasks]);
    expect(located).toHaveLength(output.skills.length + output.tasks.length);
    for (const item of located) expect(ANALYST.slice(item.start, item.end)).toBe(item.quote);
  });

  it('stops at 15 tasks (and at most 25 skills) on a very long description', async () => {
    const bullets = Array.from(
      { length: 40 },
      (_, i) => `- Handle case ${i + 1} with SQL, Python, Kubernetes, Figma, Salesforce, Jira and Zendesk`,
    );
    const long = `What you'll do\n${bullets.join('\n')}\n\nWhat you bring\n- Terraform, Datadog, PagerDuty, Tableau, Snowflake, Docusign, Okta, Workday, Greenhouse, Miro, Notion, Slack, Zoom, Canva, Semrush, Hootsuite, Mailchimp, Netsuite, Xero`;
    const { skills, tasks } = await extract(long, 'Generalist');
    expect(tasks).toHaveLength(MAX_TASKS);
    expect(skills.length).toBeLessThanOrEqual(MAX_SKILLS);
    expect(skills.length).toBeGreaterThan(0);
  });

  it('asks a model for its answer through a strict JSON schema', () => {
    expect(strictSchemaViolations(extractJobProfileJsonSchema)).toEqual([]);
  });

  it('finds nothing in a description without skills or responsibilities', async () => {
    const output = await extract('Join a friendly team in a great office with free coffee and fruit.');
    expect(output.tasks).toEqual([]);
    expect(output.skills.filter((s) => s.concept === null)).toEqual([]);
  });

  it('reads "dashboards and reports" as BI work in a data description, and not elsewhere', async () => {
    const data = await extract(
      'You will build dashboards and reports for the sales and finance teams and write SQL against our data warehouse.',
    );
    expect(data.skills).toContainEqual(
      expect.objectContaining({ concept: 'bi-dashboards', quote: 'dashboards' }),
    );
    const project = await extract(
      'You will plan sprints, keep the team board tidy and share status dashboards with stakeholders.',
      'Project Manager',
    );
    expect(project.skills.map((s) => s.concept)).not.toContain('bi-dashboards');
  });
});
