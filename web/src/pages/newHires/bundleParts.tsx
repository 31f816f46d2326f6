// Pieces the wizard and the hire's page both show: why an app was proposed (a skill or task with the
// words of the job description it came from, how many peers use it, the company's standard) and how
// its seat would be found.
import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { ExtractedItem, JdCoverage, JdReason } from '../../api/newHireTypes';
import { formatShare } from '../../format/format';
import { coverageText } from './wizardModel';

const useStyles = makeStyles({
  reasons: { margin: '4px 0', paddingLeft: '20px', display: 'grid', gap: '4px' },
  quote: { color: tokens.colorNeutralForeground2, fontStyle: 'italic' },
  // a Badge has a fixed one-line height; a sibling's seat ("Free seat at sibling IBR (5 free)") wraps in
  // a narrow table column and would be drawn over its own border
  coverage: { height: 'auto', minHeight: '20px', paddingTop: '2px', paddingBottom: '2px' },
});

const REASON_LABEL: Record<JdReason['kind'], string> = {
  skill: 'Skill',
  task: 'Task',
  peers: 'Peers',
  standard: 'Company standard',
};

/** The words of the description a skill or task reason came from, when the extraction kept them. */
function quoteFor(
  reason: JdReason,
  extracted: { skills: ExtractedItem[]; tasks: ExtractedItem[] } | undefined,
) {
  if (!extracted) return undefined;
  if (reason.kind === 'skill') return extracted.skills.find((s) => s.label === reason.skill)?.quote;
  if (reason.kind === 'task') return extracted.tasks.find((t) => t.label === reason.task)?.quote;
  return undefined;
}

export function ReasonList({
  reasons,
  extracted,
  label,
}: {
  reasons: JdReason[];
  extracted?: { skills: ExtractedItem[]; tasks: ExtractedItem[] } | undefined;
  label: string;
}) {
  const styles = useStyles();
  if (reasons.length === 0) return <Text size={200}>Added by hand.</Text>;
  return (
    <ul className={styles.reasons} aria-label={label}>
      {reasons.map((reason, index) => {
        const quote = quoteFor(reason, extracted);
        return (
          <li key={`${reason.kind}-${index}`}>
            <Text weight="semibold">{REASON_LABEL[reason.kind] ?? reason.kind}:</Text> {reason.text}
            {quote && <span className={styles.quote}> — “{quote}”</span>}
          </li>
        );
      })}
    </ul>
  );
}

export function CoverageBadge({
  coverage,
  companyCode,
}: {
  coverage: JdCoverage | null;
  companyCode: string;
}) {
  const styles = useStyles();
  if (!coverage) return null;
  const color = coverage.kind === 'purchase' ? 'warning' : 'success';
  return (
    <Badge appearance="tint" color={color} className={styles.coverage}>
      {coverageText(coverage, companyCode)}
    </Badge>
  );
}

export const confidenceText = (confidence: number | undefined): string =>
  confidence === undefined ? '—' : `${formatShare(confidence)} confident`;
