import { describe, expect, it } from 'vitest';
import {
  addMonthsUtc,
  isOnDemandMonth,
  monthlyPartitionName,
  monthsOf,
} from '../../shared/platform/db/partitions';

describe('usage partitions', () => {
  it('names a month by its UTC year and month', () => {
    expect(monthlyPartitionName(new Date('2026-03-31T23:30:00-02:00'))).toBe('usage_events_p2026_04');
    expect(monthlyPartitionName(new Date('2026-01-01T00:00:00Z'))).toBe('usage_events_p2026_01');
  });

  it('lists the distinct months of a batch in order', () => {
    const months = monthsOf([
      new Date('2026-11-02T00:00:00Z'),
      new Date('2026-09-30T10:00:00Z'),
      new Date('2026-11-30T23:59:59Z'),
    ]);
    expect(months.map((m) => m.toISOString())).toEqual([
      '2026-09-01T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ]);
  });

  it('creates partitions on demand only within two years back and three months ahead', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    expect(isOnDemandMonth(addMonthsUtc(now, -24), now)).toBe(true);
    expect(isOnDemandMonth(addMonthsUtc(now, -25), now)).toBe(false);
    expect(isOnDemandMonth(addMonthsUtc(now, 3), now)).toBe(true);
    expect(isOnDemandMonth(addMonthsUtc(now, 4), now)).toBe(false);
  });
});
