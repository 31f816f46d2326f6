// Which catalog apps a name seen in ingest most resembles ("ms-teams", "zoom-us"). A name is a few
// words, an app's stored embedding covers its whole description and features, so the name is
// compared with each app's short identity text — its name and vendor — embedded alongside it, once
// per job. The name is written out first (nameAsWords: ms → Microsoft, domain endings dropped).
import type { Kysely } from 'kysely';
import type { AiProvider } from '../aiProvider';
import { loadAppTexts } from '../embeddings/catalogTexts';
import { seenNameWords } from '../local/identityRules';
import { cosineSimilarity } from '../similarity';
import type { Database } from '../../platform/db/schema';
import type { NearestApp } from './matchUnknownApps';

/**
 * A name as pipelines send it as the words it stands for: "acrobat-pro-dc" → "acrobat pro dc",
 * "ms-teams" → "microsoft teams", "zoom-us" → "zoom". An embedding of "ms teams" as written lands
 * nowhere near Microsoft Teams (the abbreviation shares no word with the app's name), so the
 * lexicon's abbreviations are expanded and domain endings dropped before the name is embedded.
 */
export function nameAsWords(name: string): string {
  const written = seenNameWords(name).join(' ');
  return written !== '' ? written : name.replace(/[-_.]+/g, ' ').trim();
}

/**
 * Returns a lookup that embeds the catalog's identity texts on its first use and each name once;
 * `limit` apps, best first. Made once per job step, so a catalog change is seen by the next job.
 */
export function nearestAppsByName(
  db: Kysely<Database>,
  provider: AiProvider,
  context: { jobId: string },
  limit = 3,
): (name: string) => Promise<NearestApp[]> {
  let catalog: Promise<{ apps: NearestApp['app'][]; ids: number[]; vectors: number[][] }> | undefined;
  const load = async () => {
    const texts = await loadAppTexts(db);
    const entries = [...texts.values()];
    const embedded = await provider.embed(
      entries.map((a) => `${a.name} ${a.vendor}`),
      { feature: 'app-identity', jobId: context.jobId },
    );
    return {
      ids: entries.map((a) => a.id),
      apps: entries.map((a) => ({
        slug: a.slug,
        name: a.name,
        vendor: a.vendor,
        category: a.category,
        description: a.description,
        features: a.features.map((f) => ({ name: f.name, description: f.description })),
      })),
      vectors: embedded.vectors,
    };
  };
  return async (name) => {
    catalog ??= load();
    const { apps, ids, vectors } = await catalog;
    const [vector] = (
      await provider.embed([nameAsWords(name)], { feature: 'app-identity', jobId: context.jobId })
    ).vectors;
    if (!vector) return [];
    return vectors
      .map((v, i) => ({ appId: ids[i]!, app: apps[i]!, similarity: cosineSimilarity(vector, v) }))
      .sort((x, y) => y.similarity - x.similarity || x.appId - y.appId)
      .slice(0, limit);
  };
}
