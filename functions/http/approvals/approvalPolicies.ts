// GET and PUT /api/approval-policies/{company}: a company's approval chain and timings. Anyone in the
// company may read it (it says who approves their requests); Admin of the company (or group) edits it.
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { approvalPolicySchema, policyPathSchema } from '../../../shared/approvals/approvalPolicy';
import { loadApprovalPolicy, saveApprovalPolicy } from '../../../shared/approvals/approvalPolicyStore';
import { problem, validationProblem } from '../../../shared/http/problem';
import { readJsonBody } from '../../../shared/http/readJson';
import { getServices } from '../../../shared/services';
import { signedInUser } from '../signedInUser';

async function companyOf(request: HttpRequest) {
  const code = (request.params.company ?? '').toUpperCase();
  const services = await getServices();
  const company = await services.database.db
    .selectFrom('companies')
    .select(['id', 'code'])
    .where('code', '=', code)
    .executeTakeFirst();
  return { services, company, code };
}

export async function getApprovalPolicy(request: HttpRequest): Promise<HttpResponseInit> {
  const auth = await signedInUser(request);
  if (!auth.ok) return auth.response;
  const path = policyPathSchema.safeParse({ company: request.params.company ?? '' });
  if (!path.success) return validationProblem(path.error, 'The company in the path is not valid.');
  const { services, company, code } = await companyOf(request);
  if (!company || (company.id !== auth.user.companyId && !auth.user.groupWide)) {
    return problem(404, 'Not Found', `No company ${code} that you can see.`);
  }
  return {
    status: 200,
    jsonBody: { company: company.code, policy: await loadApprovalPolicy(services.database.db, company.id) },
  };
}

export async function putApprovalPolicy(request: HttpRequest): Promise<HttpResponseInit> {
  const auth = await signedInUser(request);
  if (!auth.ok) return auth.response;
  const path = policyPathSchema.safeParse({ company: request.params.company ?? '' });
  if (!path.success) return validationProblem(path.error, 'The company in the path is not valid.');
  const { services, company, code } = await companyOf(request);
  if (!company || (company.id !== auth.user.companyId && !auth.user.groupWide)) {
    return problem(404, 'Not Found', `No company ${code} that you can see.`);
  }
  if (!auth.user.roles.has('Admin'))
    return problem(403, 'Forbidden', 'Only an Admin edits approval policies.');
  const body = await readJsonBody(request, 16 * 1024);
  if (!body.ok) return body.response;
  const policy = approvalPolicySchema.safeParse(body.value);
  if (!policy.success) return validationProblem(policy.error, 'The approval policy is not valid.');
  await saveApprovalPolicy(services.database.db, company.id, policy.data, {
    employeeId: auth.user.employeeId,
    at: services.now(),
  });
  return { status: 200, jsonBody: { company: company.code, policy: policy.data } };
}

app.http('getApprovalPolicy', {
  route: 'approval-policies/{company}',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: getApprovalPolicy,
});

app.http('putApprovalPolicy', {
  route: 'approval-policies/{company}',
  methods: ['PUT'],
  authLevel: 'anonymous',
  handler: putApprovalPolicy,
});
