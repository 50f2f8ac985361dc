// Shapes the dashboard expects from endpoints that do not exist yet (alerts). Until the server
// has them these URLs answer 404 and the pages show "not available yet". When an endpoint lands
// in docs/openapi.json, derive its type from ./schema instead and delete the matching one here.
// (Forecasts, staffing and simulations have landed: their types live in src/lib/*.ts.)

export interface Alert {
  id: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  department?: string;
  created_at: string;
}

export const futureEndpoints = {
  alerts: (store: string) => `/api/v1/stores/${encodeURIComponent(store)}/alerts`,
};
