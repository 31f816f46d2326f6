import { describe, expect, it } from 'vitest';
import { createLinkToken, hashLinkToken, verifyLinkToken } from '../../shared/approvals/approvalLinkToken';
import {
  applicableSteps,
  approvalPolicySchema,
  defaultPolicyFor,
} from '../../shared/approvals/approvalPolicy';

const secret = 'unit-test-secret-unit-test-secret-0123';
const now = new Date('2026-11-02T09:00:00Z');
const claims = {
  requestId: '6f1c1c8e-5a43-4a8e-9d7e-0c6f2b0f7a11',
  step: 2,
  approverId: 41,
  action: 'approve' as const,
  expiresAt: new Date('2026-11-05T09:00:00Z'),
};

describe('approval link tokens', () => {
  it('round-trips request, step, approver, action and expiry', () => {
    const token = createLinkToken(secret, claims);
    expect(verifyLinkToken(secret, token, now)).toEqual({ ok: true, claims });
  });

  it('refuses a token signed with another key, or altered in any part', () => {
    const token = createLinkToken(secret, claims);
    expect(verifyLinkToken('another-secret-another-secret-0123', token, now)).toMatchObject({
      ok: false,
      reason: 'forged',
    });
    const other = createLinkToken(secret, { ...claims, action: 'reject' });
    const [payload] = other.split('.');
    const [, mac] = token.split('.');
    expect(verifyLinkToken(secret, `${payload}.${mac}`, now)).toMatchObject({ ok: false, reason: 'forged' });
    expect(verifyLinkToken(secret, 'not-a-token', now)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses an expired token but still says what it was for', () => {
    const token = createLinkToken(secret, claims);
    expect(verifyLinkToken(secret, token, claims.expiresAt)).toMatchObject({
      ok: false,
      reason: 'expired',
      claims,
    });
  });

  it('stores a hash that does not contain the token', () => {
    const token = createLinkToken(secret, claims);
    expect(hashLinkToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashLinkToken(token)).toBe(hashLinkToken(token));
  });
});

describe('approval policy', () => {
  it('converts the default thresholds into a currency with two significant figures', () => {
    const sek = defaultPolicyFor(11.2);
    expect(sek.steps).toEqual([
      { approver: 'manager' },
      { approver: 'department_head', minMonthlyCost: 2800 },
      { approver: 'cto', minMonthlyCost: 11000 },
      { approver: 'finance', minAnnualCost: 110000 },
    ]);
  });

  it('applies the steps whose threshold the cost reaches', () => {
    const policy = defaultPolicyFor(1);
    expect(applicableSteps(policy, { monthly: 100, annual: 1200 }).map((s) => s.approver)).toEqual([
      'manager',
    ]);
    expect(applicableSteps(policy, { monthly: 1000, annual: 12000 }).map((s) => s.approver)).toEqual([
      'manager',
      'department_head',
      'cto',
      'finance',
    ]);
  });

  it('refuses timings out of order and unknown fields', () => {
    const base = defaultPolicyFor(1);
    expect(approvalPolicySchema.safeParse({ ...base, reminderAfterHours: 72 }).success).toBe(false);
    expect(approvalPolicySchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
    expect(approvalPolicySchema.safeParse(base).success).toBe(true);
  });
});
