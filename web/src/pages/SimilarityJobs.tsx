// Similarity jobs (CTO, Admin): start one, watch it live (a progress bar, the phase and the time left,
// polled every second while it runs), cancel it, and the history with what each run found and cost.
import {
  Button,
  Card,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import {
  useCancelSimilarityJob,
  useMe,
  useSimilarityJob,
  useSimilarityJobs,
  useStartSimilarityJob,
} from '../api/queries';
import type { JobTrigger, SimilarityJob } from '../api/types';
import { runsSimilarityJobs } from '../components/navigation';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, QueryState } from '../components/PageState';
import { StatusBadge } from '../components/StatusBadge';
import {
  formatDateTime,
  formatDuration,
  formatMoney,
  formatNumber,
  formatSeconds,
  formatShare,
  humanize,
} from '../format/format';

const TRIGGERS: Record<JobTrigger, string> = {
  nightly: 'Nightly',
  manual: 'Started by hand',
  'catalog-change': 'Catalog change',
};

const PHASES: Record<string, string> = {
  queued: 'Waiting to start',
  starting: 'Starting',
  embed: 'Embedding changed texts',
  embedding: 'Embedding changed texts',
  candidates: 'Finding candidate pairs',
  neighbours: 'Finding candidate pairs',
  rationale: 'Explaining the top candidates',
  recommendations: 'Writing recommendations',
  write: 'Writing recommendations',
  done: 'Done',
  completed: 'Done',
};
export const phaseLabel = (phase: string | undefined): string =>
  phase ? (PHASES[phase] ?? humanize(phase)) : '—';

const useStyles = makeStyles({
  section: { marginTop: '24px', display: 'grid', gap: '12px' },
  card: { display: 'grid', gap: '12px' },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'center' },
  scroll: { overflowX: 'auto' },
  muted: { color: tokens.colorNeutralForeground2 },
  // read by screen readers, not shown: the phase as it changes (the bar's value is not announced)
  announce: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
});

/** The bar's value: what the job says, 100 once it completed, never outside 0..100. */
export const jobPercent = (job: SimilarityJob): number =>
  job.status === 'completed'
    ? 100
    : Math.max(0, Math.min(100, Math.round(Number(job.progress?.percent) || 0)));

function LiveJob({ id, canRun }: { id: string; canRun: boolean }) {
  const styles = useStyles();
  const job = useSimilarityJob(id);
  const cancel = useCancelSimilarityJob();
  return (
    <Card className={styles.card}>
      <QueryState query={job} label="Loading the job…">
        {(j) => {
          const percent = jobPercent(j);
          const running = j.status === 'running';
          const progress = j.progress ?? { phase: j.phase, done: 0, total: 0, percent: 0, etaSeconds: null };
          return (
            <>
              <div className={styles.row}>
                <Text weight="semibold">Job started {formatDateTime(j.createdAt)}</Text>
                <StatusBadge status={j.status} />
              </div>
              <Field
                label={`Progress: ${phaseLabel(progress.phase ?? j.phase)}`}
                hint={
                  running
                    ? `${percent} % · ${formatNumber(progress.done)} of ${formatNumber(progress.total)}` +
                      (progress.etaSeconds !== null && progress.etaSeconds !== undefined
                        ? ` · about ${formatSeconds(progress.etaSeconds)} left`
                        : '')
                    : `${percent} % · ${humanize(j.status)}${j.completedAt ? ` after ${formatDuration(j.createdAt, j.completedAt)}` : ''}`
                }
              >
                <ProgressBar
                  value={percent}
                  max={100}
                  thickness="large"
                  color={j.status === 'failed' ? 'error' : j.status === 'completed' ? 'success' : 'brand'}
                />
              </Field>
              <div aria-live="polite" className={styles.announce}>
                {running ? phaseLabel(progress.phase ?? j.phase) : `Job ${humanize(j.status).toLowerCase()}`}
              </div>
              {j.error && (
                <MessageBar intent="error">
                  <MessageBarBody>{j.error}</MessageBarBody>
                </MessageBar>
              )}
              {j.result && (
                <Text>
                  Found {formatNumber(j.result.overlapsFound)} overlaps, wrote{' '}
                  {formatNumber(j.result.recommendationsWritten)} recommendations (
                  {formatNumber(j.result.recommendationsUnchanged)} unchanged); cost{' '}
                  {formatMoney(j.result.cost, j.result.costCurrency || 'USD')}, cache hits{' '}
                  {formatShare(j.result.cacheHitRate)}.
                </Text>
              )}
              {canRun && running && (
                <div className={styles.row}>
                  <Button onClick={() => cancel.mutate(j.id)} disabled={cancel.isPending}>
                    Cancel job
                  </Button>
                  {cancel.isSuccess && <Text>Cancelling…</Text>}
                </div>
              )}
              {cancel.error && <ErrorState error={cancel.error} />}
            </>
          );
        }}
      </QueryState>
    </Card>
  );
}

function History({ jobs }: { jobs: SimilarityJob[] }) {
  const styles = useStyles();
  return (
    <div className={styles.scroll}>
      <Table aria-label="Job history" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Started</TableHeaderCell>
            <TableHeaderCell>Trigger</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Duration</TableHeaderCell>
            <TableHeaderCell>Apps embedded</TableHeaderCell>
            <TableHeaderCell>Pairs compared</TableHeaderCell>
            <TableHeaderCell>Overlaps found</TableHeaderCell>
            <TableHeaderCell>Recommendations written</TableHeaderCell>
            <TableHeaderCell>Cost</TableHeaderCell>
            <TableHeaderCell>Cache hit rate</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {jobs.map((j) => (
            <TableRow key={j.id}>
              <TableCell>
                {formatDateTime(j.createdAt)}
                {j.requestedBy && <div className={styles.muted}>by {j.requestedBy.name}</div>}
              </TableCell>
              <TableCell>
                {TRIGGERS[j.trigger] ?? humanize(String(j.trigger))}
                {typeof j.scope === 'object' && j.scope && Array.isArray(j.scope.appIds) && (
                  <div className={styles.muted}>{formatNumber(j.scope.appIds.length)} apps</div>
                )}
              </TableCell>
              <TableCell>
                <StatusBadge status={j.status} />
                {j.status === 'running' && <div className={styles.muted}>{jobPercent(j)} %</div>}
              </TableCell>
              <TableCell>{formatDuration(j.createdAt, j.completedAt)}</TableCell>
              <TableCell>{formatNumber(j.result?.appsEmbedded)}</TableCell>
              <TableCell>{formatNumber(j.result?.pairsCompared)}</TableCell>
              <TableCell>{formatNumber(j.result?.overlapsFound)}</TableCell>
              <TableCell>
                {j.result
                  ? `${formatNumber(j.result.recommendationsWritten)} (${formatNumber(j.result.recommendationsUnchanged)} unchanged)`
                  : '—'}
              </TableCell>
              <TableCell>
                {j.result ? formatMoney(j.result.cost, j.result.costCurrency || 'USD') : '—'}
              </TableCell>
              <TableCell>
                {j.result
                  ? `${formatShare(j.result.cacheHitRate)} (${formatNumber(j.result.cacheHits)} of ${formatNumber(
                      (j.result.cacheHits ?? 0) + (j.result.cacheMisses ?? 0),
                    )})`
                  : '—'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export default function SimilarityJobs() {
  const styles = useStyles();
  const me = useMe().data!;
  const canRun = runsSimilarityJobs(me);
  const jobs = useSimilarityJobs();
  const start = useStartSimilarityJob();
  const [watching, setWatching] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const running = jobs.data?.items.find((j) => j.status === 'running');

  // A job already running when the page opens (or started elsewhere) is shown live too.
  useEffect(() => {
    if (!watching && running) setWatching(running.id);
  }, [watching, running]);

  const startJob = () => {
    setNotice(undefined);
    start.mutate(undefined, {
      onSuccess: (started) => setWatching(started.id),
      onError: (error) => {
        const runningJobId = error instanceof ApiError ? error.body.runningJobId : undefined;
        if (error instanceof ApiError && error.status === 409 && typeof runningJobId === 'string') {
          setWatching(runningJobId);
          setNotice('A job is already running; it is shown below.');
        }
      },
    });
  };
  const startProblem =
    start.error && !(start.error instanceof ApiError && start.error.status === 409) ? start.error : undefined;

  return (
    <>
      <PageHeader title="Similarity jobs">
        {canRun && (
          <Button appearance="primary" onClick={startJob} disabled={start.isPending || running !== undefined}>
            {start.isPending ? 'Starting…' : 'Start a similarity job'}
          </Button>
        )}
      </PageHeader>
      <Text as="p">
        A job embeds the catalog&apos;s changed texts, finds apps that do the same job, explains the closest
        pairs and writes recommendations. It runs every night and after catalog changes; start one here to see
        the effect of a change now.
      </Text>
      <div aria-live="polite">
        {notice && (
          <MessageBar intent="info">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {startProblem && <ErrorState error={startProblem} />}

      {watching && (
        <section className={styles.section} aria-labelledby="current-title">
          <Text as="h2" id="current-title" size={500} weight="semibold">
            Current job
          </Text>
          <LiveJob id={watching} canRun={canRun} />
        </section>
      )}

      <section className={styles.section} aria-labelledby="history-title">
        <Text as="h2" id="history-title" size={500} weight="semibold">
          History
        </Text>
        <QueryState
          query={jobs}
          isEmpty={(d) => d.items.length === 0}
          empty="No similarity job has run yet."
          label="Loading the jobs…"
        >
          {(data) => <History jobs={data.items} />}
        </QueryState>
      </section>
    </>
  );
}
