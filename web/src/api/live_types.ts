// Hand-written types for GET /api/v1/stores/{id}/live and the /api/v1/stream WebSocket, which
// are being added to the server right now. Delete this file and derive the types from
// ./schema (generated from docs/openapi.json) once they are documented there.

export type Rfc3339 = string;

export interface LiveZone {
  zone_id: string;
  occupancy: number | null;
  source: 'camera' | 'wifi';
  suppressed: boolean;
  updated_at: Rfc3339 | null;
}

export interface LiveLane {
  lane_id: string;
  queue_length: number | null;
  updated_at: Rfc3339 | null;
}

export interface LiveMinute {
  minute: Rfc3339;
  sales: number;
  transactions: number;
}

export interface LiveDepartment {
  department_id: string;
  sales_this_hour: number;
  transactions_this_hour: number;
  per_minute: LiveMinute[];
}

export interface LiveSnapshot {
  store_id: string;
  as_of: Rfc3339;
  /** k-anonymity threshold: counts below it are suppressed. */
  k: number;
  people_in_store: number | null;
  zones: LiveZone[];
  lanes: LiveLane[];
  departments: LiveDepartment[];
  totals: { sales_this_hour: number; transactions_this_hour: number };
}

export interface SubscribeRequest {
  action: 'subscribe';
  topics: Array<'live' | 'events'>;
  store_id: string;
}

export type StreamEvent = Record<string, unknown> & { type?: string; ts?: string | number };

export type StreamMessage =
  | { type: 'subscribed'; [key: string]: unknown }
  | { topic: 'live'; store_id: string; data: LiveSnapshot }
  | { topic: 'events'; store_id: string; events: StreamEvent[] };
