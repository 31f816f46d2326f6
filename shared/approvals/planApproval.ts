// The approval chain of a new purchase request, computed at submit time from the company's policy:
// purchasing calls it through its PlanApproval port, so purchasing never imports approvals.
import type { PlanApproval } from '../purchasing/createPurchaseRequest';
import { ApprovalChainError, computeApprovalChain } from './approvalChain';
import { loadApprovalPolicy } from './approvalPolicyStore';

export const planApproval: PlanApproval = async (db, request) => {
  const policy = await loadApprovalPolicy(db, request.companyId);
  try {
    const chain = await computeApprovalChain(db, request.requesterId, policy, {
      monthly: request.monthly,
      annual: request.annual,
    });
    return { ok: true, chain, policy };
  } catch (error) {
    if (error instanceof ApprovalChainError) return { ok: false, detail: error.message };
    throw error;
  }
};
