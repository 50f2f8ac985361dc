// Shapes the dashboard expects from endpoints that do not exist yet (forecasts, staffing,
// simulation, alerts). Until the server has them these URLs answer 404 and the pages show
// "not available yet". When an endpoint lands in docs/openapi.json, derive its type from
// ./schema instead and delete the matching one here.

export interface ForecastPoint {
  ts: string;
  actual: number | null;
  forecast: number | null;
  lo80: number | null;
  hi80: number | null;
  lo95: number | null;
  hi95: number | null;
}

export interface ForecastResponse {
  store_id: string;
  metric: string;
  unit?: string;
  model_version: string;
  backtest?: { mape?: number; wape?: number; coverage80?: number; coverage95?: number };
  points: ForecastPoint[];
}

export interface Shift {
  id: string;
  employee_id: string;
  department: string;
  start: string;
  end: string;
}

export interface StaffingSlot {
  start: string;
  required: number;
  scheduled: number;
}

export interface StaffingViolation {
  rule: string;
  message: string;
  shift_id?: string;
}

export interface StaffingResponse {
  store_id: string;
  date: string;
  slots: StaffingSlot[];
  shifts: Shift[];
  violations: StaffingViolation[];
  cost_wait?: Array<{ staff_hours: number; cost: number; wait_seconds: number }>;
}

export interface SimulationKpis {
  avg_wait_seconds: number;
  sales: number;
  staff_cost: number;
  peak_occupancy: number;
}

export interface SimulationResult {
  id?: string;
  baseline: SimulationKpis;
  scenario: SimulationKpis;
}

export interface Alert {
  id: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  department?: string;
  created_at: string;
}

export const futureEndpoints = {
  forecast: (store: string, metric: string) =>
    `/api/v1/stores/${encodeURIComponent(store)}/forecasts?metric=${encodeURIComponent(metric)}`,
  staffing: (store: string, date: string) =>
    `/api/v1/stores/${encodeURIComponent(store)}/staffing?date=${encodeURIComponent(date)}`,
  shift: (store: string, shift: string) =>
    `/api/v1/stores/${encodeURIComponent(store)}/shifts/${encodeURIComponent(shift)}`,
  simulations: (store: string) => `/api/v1/stores/${encodeURIComponent(store)}/simulations`,
  alerts: (store: string) => `/api/v1/stores/${encodeURIComponent(store)}/alerts`,
};
