// The typed API client. Types come from ./schema, which `npm run generate` writes from
// docs/openapi.json: a server change that breaks these types breaks `npm run build`.
import type { components, paths } from './schema';
import type { LiveSnapshot } from './live_types';

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

export type StoreSummary = components['schemas']['StoreSummary'];
export type StoreDefinition = components['schemas']['StoreDefinition'];
export type Zone = StoreDefinition['zones'][number];
export type Lane = StoreDefinition['lanes'][number];
export type Department = StoreDefinition['departments'][number];
export type StoreList = JsonOf<paths['/api/v1/stores']['get']['responses'][200]>;
export type ApiErrorBody = components['schemas']['Error'];
export type IngestReply = JsonOf<paths['/api/v1/events']['post']['responses'][200]>;

/** A failed request: HTTP status plus the server's error code and message when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** The endpoint is not there (yet): pages show "not available yet" instead of an error. */
  get notAvailable(): boolean {
    return this.status === 404 || this.status === 501;
  }
}

function errorMessage(body: unknown, fallback: string): { code: string; message: string } {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
    if (error && typeof error.message === 'string') {
      return { code: typeof error.code === 'string' ? error.code : 'ERROR', message: error.message };
    }
  }
  return { code: 'HTTP_ERROR', message: fallback };
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
    const { code, message } = errorMessage(body, `${response.status} ${response.statusText}`);
    throw new ApiError(response.status, code, message);
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
