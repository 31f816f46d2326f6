// The apps that do the same job as one catalog app, closest first: similarity, the verdict, the
// features they share, why, and who said so (a language model or the local rules).
import {
  Badge,
  type BadgeProps,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Link } from 'react-router';
import { useAppOverlaps } from '../api/queries';
import type { OverlapVerdict } from '../api/types';
import { formatShare, humanize } from '../format/format';
import { AnsweredBy } from './AnsweredBy';
import { QueryState } from './PageState';

const VERDICTS: Record<OverlapVerdict, { label: string; color: BadgeProps['color'] }> = {
  'same-job': { label: 'Does the same job', color: 'danger' },
  partial: { label: 'Overlaps in part', color: 'warning' },
  different: { label: 'Different job', color: 'subtle' },
};

const useStyles = makeStyles({
  list: { display: 'grid', gap: '12px', listStyleType: 'none', margin: 0, padding: 0 },
  card: { display: 'grid', gap: '6px' },
  head: { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'center' },
  muted: { color: tokens.colorNeutralForeground2 },
});

export function AppOverlaps({ slug }: { slug: string }) {
  const styles = useStyles();
  const overlaps = useAppOverlaps(slug);
  return (
    <section aria-labelledby="overlaps-title" style={{ marginTop: 24, display: 'grid', gap: 12 }}>
      <Text as="h2" id="overlaps-title" size={500} weight="semibold">
        Overlaps
      </Text>
      {overlaps.data?.notice && (
        <MessageBar intent="info">
          <MessageBarBody>{overlaps.data.notice}</MessageBarBody>
        </MessageBar>
      )}
      <QueryState
        query={overlaps}
        isEmpty={(d) => (d.items ?? []).length === 0}
        empty="No other app in the catalog does the same job, as far as the last similarity job found."
        label="Loading similar apps…"
      >
        {(data) => (
          <ul className={styles.list} aria-label={`Apps that overlap with ${data.app?.name ?? slug}`}>
            {data.items.map((item) => {
              const verdict = VERDICTS[item.verdict] ?? {
                label: humanize(String(item.verdict)),
                color: 'informative',
              };
              const titleId = `overlap-${item.app.slug}`;
              return (
                <li key={item.app.slug}>
                  <Card className={styles.card} aria-labelledby={titleId}>
                    <div className={styles.head}>
                      <Text as="h3" id={titleId} weight="semibold" size={400}>
                        <Link to={`/catalog/${encodeURIComponent(item.app.slug)}`}>{item.app.name}</Link>
                      </Text>
                      <Badge appearance="tint" color={verdict.color}>
                        {verdict.label}
                      </Badge>
                      <Text>{formatShare(item.similarity)} similar</Text>
                    </div>
                    <Text className={styles.muted}>
                      {[item.app.vendor, item.app.category].filter(Boolean).join(' · ')}
                    </Text>
                    {(item.sharedFeatures ?? []).length > 0 && (
                      <Text>Shared features: {item.sharedFeatures.join(', ')}</Text>
                    )}
                    {item.rationale && <Text>{item.rationale}</Text>}
                    <Text size={200}>
                      Answered by: <AnsweredBy answeredBy={item.answeredBy} />
                    </Text>
                  </Card>
                </li>
              );
            })}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
