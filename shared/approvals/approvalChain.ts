// Computes who approves a request, from the company's policy and the organisation as it is when the
// request starts; the result is recorded on the request and never recomputed. A step whose approver
// is the requester, has left, or is vacant moves to the next person up the management line; a step
// whose approver already approves an earlier step is merged into it (nobody approves twice).
import type { Kysely } from 'kysely';
import type { Database, EmployeeStatus } from '../platform/db/schema';
import { applicableSteps, type ApprovalPolicy, type ApproverKind } from './approvalPolicy';
import { roleHolders } from '../identity/roleHolders';

export interface ChainStep {
  step: number;
  kind: ApproverKind;
  approverId: number;
  /** why this person: "manager of the requester", "CTO of SCB (the manager of ... is the requester)" */
  reason: string;
}

export interface SkippedStep {
  kind: ApproverKind;
  reason: string;
}

export interface ApprovalChain {
  steps: ChainStep[];
  skipped: SkippedStep[];
}

interface Person {
  id: number;
  display_name: string;
  manager_id: number | null;
  status: EmployeeStatus;
  company_id: number;
}

const KIND_LABEL: Record<ApproverKind, string> = {
  manager: 'manager',
  department_head: 'department head',
  cto: 'CTO',
  finance: 'Finance',
};

export class ApprovalChainError extends Error {}

export async function computeApprovalChain(
  db: Kysely<Database>,
  requesterId: number,
  policy: ApprovalPolicy,
  cost: { monthly: number; annual: number },
): Promise<ApprovalChain> {
  const requester = await db
    .selectFrom('employees')
    .select(['id', 'company_id', 'department_id', 'manager_id', 'display_name'])
    .where('id', '=', requesterId)
    .executeTakeFirstOrThrow();
  // The few people a chain walks through, read as it walks (a company can have thousands).
  const people = new Map<number, Person>();
  const person = async (id: number | null): Promise<Person | undefined> => {
    if (id === null) return undefined;
    const known = people.get(id);
    if (known) return known;
    const row = await db
      .selectFrom('employees')
      .select(['id', 'display_name', 'manager_id', 'status', 'company_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (row) people.set(id, row);
    return row;
  };

  const department = requester.department_id
    ? await db
        .selectFrom('departments')
        .select('head_employee_id')
        .where('id', '=', requester.department_id)
        .executeTakeFirst()
    : undefined;
  const roleHolder = async (role: 'CTO' | 'Finance', excluding?: number): Promise<number | null> =>
    (
      await roleHolders(db, role, requester.company_id, {
        limit: 1,
        ...(excluding !== undefined && { excluding }),
      })
    )[0]?.id ?? null;
  const candidateFor = async (kind: ApproverKind): Promise<number | null> => {
    switch (kind) {
      case 'manager':
        return requester.manager_id;
      case 'department_head':
        return department?.head_employee_id ?? null;
      case 'cto':
        return roleHolder('CTO');
      case 'finance':
        return roleHolder('Finance');
    }
  };

  const chain: ApprovalChain = { steps: [], skipped: [] };
  for (const rule of applicableSteps(policy, cost)) {
    const label = KIND_LABEL[rule.approver];
    let candidate = await person(await candidateFor(rule.approver));
    const notes: string[] = [];
    // Move up while the seat is vacant, the holder has left, or the holder is the requester.
    // A vacant non-manager seat falls back to the requester's manager line.
    if (!candidate) {
      notes.push(`no ${label}`);
      candidate = await person(requester.manager_id);
    }
    const seen = new Set<number>();
    while (candidate && (candidate.status !== 'active' || candidate.id === requesterId)) {
      if (seen.has(candidate.id)) break;
      seen.add(candidate.id);
      notes.push(
        candidate.id === requesterId
          ? `the ${label} is the requester`
          : `the ${label} ${candidate.display_name} has left`,
      );
      candidate = await person(candidate.manager_id);
    }
    if (!candidate || candidate.status !== 'active' || candidate.id === requesterId) {
      // The top of the line (a CEO): nobody above. The step is skipped; see the Finance fallback below.
      chain.skipped.push({
        kind: rule.approver,
        reason: `nobody above ${requester.display_name} can take the ${label} step`,
      });
      continue;
    }
    const earlier = chain.steps.find((s) => s.approverId === candidate.id);
    if (earlier) {
      chain.skipped.push({
        kind: rule.approver,
        reason: `${candidate.display_name} already approves step ${earlier.step}`,
      });
      continue;
    }
    chain.steps.push({
      step: chain.steps.length + 1,
      kind: rule.approver,
      approverId: candidate.id,
      reason: notes.length ? `${label}: ${notes.join('; ')}, so the next person up` : label,
    });
  }
  if (chain.steps.length === 0) {
    // Nobody approves for themselves: with no one above the requester, Finance approves (the
    // company's, else the group's).
    const finance = await person(await roleHolder('Finance', requesterId));
    if (!finance) {
      throw new ApprovalChainError(`Nobody can approve a request of ${requester.display_name}.`);
    }
    chain.steps.push({
      step: 1,
      kind: 'finance',
      approverId: finance.id,
      reason: `Finance: nobody above ${requester.display_name} in the management line`,
    });
  }
  return chain;
}
