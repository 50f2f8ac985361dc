// The associate view, sized for a phone: alerts and tasks of one department. Filled by a later
// issue; today it lets the associate pick a department and says what will appear.
import { useState } from 'react';
import { Card, Loading, NotAvailable } from '../components/States';
import { useDefinition } from '../state/stores';

export default function Associate() {
  const definition = useDefinition();
  const [department, setDepartment] = useState('');
  if (!definition) return <Loading label="Loading store…" />;
  const chosen = department || definition.departments[0]?.id || '';
  return (
    <div className="mx-auto max-w-md space-y-3" data-testid="page-associate">
      <h1 className="text-xl font-semibold">My department</h1>
      <select aria-label="Department" value={chosen} onChange={(e) => setDepartment(e.target.value)} className="w-full rounded border border-slate-300 bg-white px-2 py-2">
        {definition.departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
      </select>
      <Card title="Alerts"><NotAvailable feature="Department alerts" /></Card>
      <Card title="Tasks"><NotAvailable feature="Department tasks" /></Card>
    </div>
  );
}
