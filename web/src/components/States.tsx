// Loading, empty, error and "not available yet" states, the same on every page.
import type { ReactNode } from 'react';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" data-state="loading" className="flex items-center gap-2 p-6 text-slate-500">
      <span className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-slate-600" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div data-state="empty" className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center">
      <p className="font-medium text-slate-700">{title}</p>
      {children && <div className="mt-1 text-sm text-slate-500">{children}</div>}
    </div>
  );
}

export function NotAvailable({ feature }: { feature: string }) {
  return (
    <div data-state="not-available" className="rounded-lg border border-dashed border-amber-300 bg-amber-50 p-6 text-center">
      <p className="font-medium text-amber-900">{feature}: not available yet</p>
      <p className="mt-1 text-sm text-amber-800">
        The server does not provide this yet. This page lights up when it does; nothing is wrong.
      </p>
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div role="alert" data-state="error" className="rounded-lg border border-red-200 bg-red-50 p-6 text-center">
      <p className="font-medium text-red-800">Something went wrong</p>
      <p className="mt-1 text-sm text-red-700">{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry} className="mt-3 rounded bg-red-700 px-3 py-1 text-sm text-white hover:bg-red-800">
          Try again
        </button>
      )}
    </div>
  );
}

export function Card({ title, children, className = '', testId }: { title?: string; children: ReactNode; className?: string; testId?: string }) {
  return (
    <section data-testid={testId} className={`rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${className}`}>
      {title && <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">{title}</h2>}
      {children}
    </section>
  );
}
