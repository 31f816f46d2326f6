// The names SSO pipelines send for apps the catalog knows under another slug ("ms-teams", "zoom-us")
// find that app first among the catalog's name-and-vendor texts with the local provider, and the
// local rules confirm it; names of products the group never bought confirm nothing.
import { describe, expect, it } from 'vitest';
import { nameAsWords } from '../../shared/ai/appIdentity/nearestAppsByName';
import { createLocalAiProvider } from '../../shared/ai/local/localAiProvider';
import { confirmIdentityLocally } from '../../shared/ai/local/identityRules';
import { cosineSimilarity } from '../../shared/ai/similarity';
import { seedAppText } from '../../scripts/ai/seedAppTexts';
import { APPS } from '../../scripts/seed/catalog';

const provider = createLocalAiProvider();
const apps = APPS.map((a) => seedAppText(a));

async function nearest(name: string) {
  const catalog = (
    await provider.embed(
      apps.map((a) => `${a.name} ${a.vendor}`),
      { feature: 'test' },
    )
  ).vectors;
  const [vector] = (await provider.embed([nameAsWords(name)], { feature: 'test' })).vectors;
  const ranked = catalog
    .map((v, i) => ({ app: apps[i]!, similarity: cosineSimilarity(vector!, v) }))
    .sort((x, y) => y.similarity - x.similarity);
  return ranked[0]!;
}

describe('the catalog app nearest to a name seen in logs', () => {
  it('writes the name out: abbreviations expanded, domain endings dropped', () => {
    expect(nameAsWords('ms-teams')).toBe('microsoft teams');
    expect(nameAsWords('zoom-us')).toBe('zoom');
    expect(nameAsWords('acrobat-pro-dc')).toBe('acrobat pro dc');
    expect(nameAsWords('notion-so')).toBe('notion');
    expect(nameAsWords('slack.com')).toBe('slack');
  });

  it.each([
    ['ms-teams', 'microsoft-teams-essentials'],
    ['zoom-us', 'zoom-workplace'],
    ['acrobat-pro-dc', 'adobe-acrobat-pro'],
    ['slack-desktop', 'slack'],
    ['figma-desktop', 'figma'],
    ['notion-so', 'notion'],
  ])('finds and confirms %s as %s', async (name, slug) => {
    const best = await nearest(name);
    expect(best.app.slug).toBe(slug);
    expect(confirmIdentityLocally(name, best.app).sameProduct).toBe(true);
  });

  it.each(['spotify', 'whatsapp-desktop'])('confirms nothing for %s', async (name) => {
    const best = await nearest(name);
    expect(confirmIdentityLocally(name, best.app).sameProduct).toBe(false);
  });
});
