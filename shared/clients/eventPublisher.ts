// PLACEHOLDER until feat/mail-events merges: the EventPublisher port (same names as that branch).
export interface DomainEvent {
  id: string;
  type: string;
  subject: string;
  data: unknown;
  time?: Date;
}
export interface EventPublisher {
  publish(events: DomainEvent[]): Promise<void>;
}
export function createEventGridPublisher(_options: {
  endpoint: string;
  key?: string;
  source: string;
}): EventPublisher {
  throw new Error('placeholder');
}
