// GET and PUT /api/approval-policies/{company}: a company's approval chain and timings. Anyone in the
// company may read it (it says who approves their requests); Admin of the company (or group) edits it.
import { app, type HttpRequest } from '@azure/functions';
import { approvalPolicySchema, policyPathSchema } from '../../shared/approvals/approvalPolicy';
import {
  findVisibleCompany,
  loadApprovalPolicy,
  saveApprovalPolicy,
} from '../../shared/approvals/approvalPolicyStore';
import { guardedHandler } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { readJsonBody } from '../../shared/platform/http/readJson';
import type { ApprovalRouteDeps } from './approvalRouteDeps';

export const MAX_POLICY_BYTES = 16 * 1024;

export function registerApprovalPolicies({
  guard,
  identity,
  workflow: { db, now },
}: ApprovalRouteDeps): void {
  /** the signed-in user and the company the path names, if they may see it (404 otherwise) */
  const companyInPath = async (request: HttpRequest) => {
    const auth = await identity.user(request);
    if (!auth.ok) return auth;
    const path = policyPathSchema.safeParse({ company: request.params.company ?? '' });
    if (!path.success)
      return {
        ok: false as const,
        response: validationProblem(path.error, 'The company in the path is not valid.'),
      };
    const company = await findVisibleCompany(db, auth.user, path.data.company);
    if (!company)
      return {
        ok: false as const,
        response: problem(404, 'Not Found', `No company ${path.data.company} that you can see.`),
      };
    return { ok: true as const, user: auth.user, company };
  };

  app.http('getApprovalPolicy', {
    route: 'approval-policies/{company}',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(guard, async (request) => {
      const target = await companyInPath(request);
      if (!target.ok) return target.response;
      const { company } = target;
      return {
        status: 200,
        jsonBody: { company: company.code, policy: await loadApprovalPolicy(db, company.id) },
      };
    }),
  });

  app.http('putApprovalPolicy', {
    route: 'approval-policies/{company}',
    methods: ['PUT'],
    authLevel: 'anonymous',
    handler: guardedHandler(guard, async (request) => {
      const target = await companyInPath(request);
      if (!target.ok) return target.response;
      const { user, company } = target;
      if (!user.roles.has('Admin'))
        return problem(403, 'Forbidden', 'Only an Admin edits approval policies.');
      const body = await readJsonBody(request, MAX_POLICY_BYTES);
      if (!body.ok) return body.response;
      const policy = approvalPolicySchema.safeParse(body.value);
      if (!policy.success) return validationProblem(policy.error, 'The approval policy is not valid.');
      await saveApprovalPolicy(db, company.id, policy.data, { employeeId: user.employeeId, at: now() });
      return { status: 200, jsonBody: { company: company.code, policy: policy.data } };
    }),
  });
}
