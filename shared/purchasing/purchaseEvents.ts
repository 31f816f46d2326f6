// The domain events Asset Pulse publishes to its Event Grid topic (CloudEvents 1.0). Event ids are
// derived from what happened (request, transition, step), so an activity that runs twice publishes
// the same id twice and subscribers drop the repeat.
export const PURCHASE_EVENTS = {
  submitted: 'AssetPulse.PurchaseRequest.Submitted',
  stepApproved: 'AssetPulse.PurchaseRequest.StepApproved',
  approved: 'AssetPulse.PurchaseRequest.Approved',
  rejected: 'AssetPulse.PurchaseRequest.Rejected',
  expired: 'AssetPulse.PurchaseRequest.Expired',
  cancelled: 'AssetPulse.PurchaseRequest.Cancelled',
} as const;

export const LICENSE_ASSIGNED = 'AssetPulse.License.Assigned';

export type PurchaseEventType = (typeof PURCHASE_EVENTS)[keyof typeof PURCHASE_EVENTS];

/** The subject of every event about a purchase request: filters in Event Grid match on its prefix. */
export function purchaseRequestSubject(companyCode: string, requestCode: string): string {
  return `/companies/${companyCode}/purchase-requests/${requestCode}`;
}
