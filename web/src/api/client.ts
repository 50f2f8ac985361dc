// The typed API client. Types come from ./schema, which `npm run generate` writes from
// docs/openapi.json: a server change that breaks these types breaks `npm run build`.
import type { components, paths } from './schema';

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

export type StoreSummary = components['schemas']['StoreSummary'];
export type StoreDefinition = components['schemas']['StoreDefinition'];
export type Zone = StoreDefinition['zones'][number];
export type Lane = StoreDefinition['lanes'][number];
export type Department = StoreDefinition['departments'][number];
export type StoreList = JsonOf<paths['/api/v1/stores']['get']['responses'][200]>;
export type ApiErrorBody = components['schemas']['Error'];
export type IngestReply = JsonOf<paths['/api/v1/events']['post']['responses'][200]>;
export type FieldProblem = ApiErrorBody['error']['details'][number];

// GET …/live and the /api/v1/stream WebSocket messages (components/schemas Stream*).
export type LiveSnapshot = JsonOf<paths['/api/v1/stores/{id}/live']['get']['responses'][200]>;
export type LiveZone = LiveSnapshot['zones'][number];
export type LiveLane = LiveSnapshot['lanes'][number];
export type LiveDepartment = LiveSnapshot['departments'][number];
export type SubscribeRequest = components['schemas']['StreamSubscribe'];
export type StreamMessage = components['schemas']['StreamMessage'];
export type StreamLiveMessage = components['schemas']['StreamLiveMessage'];
export type StreamEventsMessage = components['schemas']['StreamEventsMessage'];
export type StreamEvent = components['schemas']['StreamEvent'];

/**
 * A failed request: HTTP status plus the server's error code, message and per-field details
 * (`{field: "contract.max_hours", reason}`) when it sent them.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** The endpoint is not there (yet): pages show "not available yet" instead of an error. */
  get notAvailable(): boolean {
    return this.status === 404 || this.status === 501;
  }
}

function errorMessage(body: unknown, fallback: string): { code: string; message: string; details: FieldProblem[] } {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error;
    if (error && typeof error.message === 'string') {
      const details = Array.isArray(error.details)
        ? error.details.filter(
            (d): d is FieldProblem => !!d && typeof d === 'object' && typeof (d as FieldProblem).field === 'string' && typeof (d as FieldProblem).reason === 'string',
          )
        : [];
      return { code: typeof error.code === 'string' ? error.code : 'ERROR', message: error.message, details };
    }
  }
  return { code: 'HTTP_ERROR', message: fallback, details: [] };
}

export async function requestJson<T>(
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<T> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set('Accept', 'application/json');
  if (json !== undefined) {
    headers.set('Content-Type', 'application/json');
  }
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers,
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached');
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) {
    const { code, message, details } = errorMessage(body, `${response.status} ${response.statusText}`);
    throw new ApiError(response.status, code, message, details);
  }
  return body as T;
}

export const api = {
  listStores: (signal?: AbortSignal) => requestJson<StoreList>('/api/v1/stores', { signal }),
  getStore: (id: string, signal?: AbortSignal) =>
    requestJson<StoreDefinition>(`/api/v1/stores/${encodeURIComponent(id)}`, { signal }),
  getLive: (id: string, signal?: AbortSignal) =>
    requestJson<LiveSnapshot>(`/api/v1/stores/${encodeURIComponent(id)}/live`, { signal }),
  postEvents: (events: unknown[]) =>
    requestJson<IngestReply>('/api/v1/events', { method: 'POST', json: events }),
};
