// The store drawn from its definition (zone polygons in metres), coloured by live occupancy per
// 100 m² or by footfall over a period, with checkout queues. D3 does the maths (scales, colour,
// centroids); React draws the SVG.
import { Tab, TabGroup, TabList } from '@headlessui/react';
import { polygonCentroid } from 'd3-polygon';
import { scaleLinear, scaleSequential } from 'd3-scale';
import { interpolateYlOrRd } from 'd3-scale-chromatic';
import { useMemo, useState } from 'react';
import type { StoreDefinition } from '../api/client';
import type { LiveSnapshot } from '../api/client';
import { Card, Loading, NotAvailable } from '../components/States';
import { formatCount, formatOccupancy, formatStoreTime } from '../lib/format';
import { useLive } from '../state/live';
import { useDefinition } from '../state/stores';

type Mode = 'occupancy' | 'footfall';
type Hover = { zoneId: string; x: number; y: number } | null;

export function mapGeometry(definition: StoreDefinition, width: number) {
  let maxX = 0;
  let maxY = 0;
  for (const zone of definition.zones) {
    for (const [x, y] of zone.polygon as Array<[number, number]>) {
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  const height = maxX > 0 ? (width * maxY) / maxX : width;
  const x = scaleLinear().domain([0, maxX || 1]).range([0, width]);
  // Store plans have y growing upwards; the screen's grows downwards.
  const y = scaleLinear().domain([0, maxY || 1]).range([height, 0]);
  const zones = definition.zones.map((zone) => {
    const points = (zone.polygon as Array<[number, number]>).map(([px, py]) => [x(px), y(py)] as [number, number]);
    const [cx, cy] = zone.centre ? [x(zone.centre[0]!), y(zone.centre[1]!)] : polygonCentroid(points);
    return { zone, points, cx, cy };
  });
  return { width, height, zones };
}

function occupancyDensity(snapshot: LiveSnapshot | null, definition: StoreDefinition) {
  const area = new Map(definition.zones.map((z) => [z.id, z.area_m2]));
  const density = new Map<string, number>();
  for (const zone of snapshot?.zones ?? []) {
    if (zone.occupancy === null || zone.suppressed) continue;
    density.set(zone.zone_id, (zone.occupancy / (area.get(zone.zone_id) ?? 1)) * 100);
  }
  return density;
}

function StoreMapView({ definition }: { definition: StoreDefinition }) {
  const snapshot = useLive((s) => s.snapshot);
  const connection = useLive((s) => s.connection);
  const [mode, setMode] = useState<Mode>('occupancy');
  const [hover, setHover] = useState<Hover>(null);
  const geometry = useMemo(() => mapGeometry(definition, 1000), [definition]);
  const density = useMemo(() => occupancyDensity(snapshot, definition), [snapshot, definition]);
  const colour = useMemo(() => {
    const max = Math.max(1, ...density.values());
    return scaleSequential(interpolateYlOrRd).domain([0, max]);
  }, [density]);
  const liveZones = useMemo(() => new Map(snapshot?.zones.map((z) => [z.zone_id, z]) ?? []), [snapshot]);
  const queues = useMemo(() => {
    const byZone = new Map<string, number>();
    const laneZone = new Map(definition.lanes.map((lane) => [lane.id, lane.zone]));
    for (const lane of snapshot?.lanes ?? []) {
      const zone = laneZone.get(lane.lane_id);
      if (zone && lane.queue_length !== null) byZone.set(zone, (byZone.get(zone) ?? 0) + lane.queue_length);
    }
    return byZone;
  }, [snapshot, definition]);

  const hovered = hover ? definition.zones.find((z) => z.id === hover.zoneId) : undefined;
  const hoveredLive = hover ? liveZones.get(hover.zoneId) : undefined;

  return (
    <div className="space-y-3" data-testid="page-map">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Store map</h1>
        <TabGroup selectedIndex={mode === 'occupancy' ? 0 : 1} onChange={(i) => setMode(i === 0 ? 'occupancy' : 'footfall')}>
          <TabList className="flex rounded border border-slate-300 bg-white p-0.5 text-sm">
            {['Live occupancy', 'Footfall'].map((label) => (
              <Tab key={label} className="rounded px-3 py-1 data-[selected]:bg-slate-900 data-[selected]:text-white">
                {label}
              </Tab>
            ))}
          </TabList>
        </TabGroup>
      </div>
      {mode === 'footfall' && <NotAvailable feature="Footfall over a period" />}
      {mode === 'occupancy' && connection === 'unavailable' && <NotAvailable feature="Live occupancy" />}
      <Card className="relative overflow-hidden p-2">
        <svg
          data-testid="store-map"
          viewBox={`-4 -4 ${geometry.width + 8} ${geometry.height + 8}`}
          className="h-auto w-full"
          role="img"
          aria-label={`Map of ${definition.name}`}
          onMouseLeave={() => setHover(null)}
        >
          {geometry.zones.map(({ zone, points, cx, cy }) => {
            const d = density.get(zone.id);
            const fill = mode === 'occupancy' && d !== undefined ? colour(d) : zone.type === 'stockroom' ? '#e2e8f0' : '#f8fafc';
            return (
              <g key={zone.id} data-zone={zone.id}>
                <polygon
                  points={points.map((p) => p.join(',')).join(' ')}
                  fill={fill}
                  stroke={hover?.zoneId === zone.id ? '#0f172a' : '#94a3b8'}
                  strokeWidth={hover?.zoneId === zone.id ? 3 : 1}
                  onMouseMove={(event) => {
                    const box = event.currentTarget.ownerSVGElement!.getBoundingClientRect();
                    setHover({ zoneId: zone.id, x: event.clientX - box.left, y: event.clientY - box.top });
                  }}
                />
                {queues.has(zone.id) && (
                  <g transform={`translate(${cx},${cy})`} pointerEvents="none">
                    <circle r={18} fill="#0f172a" />
                    <text textAnchor="middle" dy="0.35em" fill="white" fontSize={16}>
                      {queues.get(zone.id)}
                    </text>
                  </g>
                )}
              </g>
            );
          })}
        </svg>
        {hover && hovered && (
          <div
            role="tooltip"
            data-testid="map-tooltip"
            className="pointer-events-none absolute z-10 rounded bg-slate-900 px-2 py-1 text-xs text-white shadow"
            style={{ left: Math.min(hover.x + 12, 9999), top: hover.y + 12 }}
          >
            <p className="font-semibold">{hovered.name}</p>
            <p>
              {hoveredLive ? `${formatOccupancy(hoveredLive.occupancy, hoveredLive.suppressed, snapshot?.k ?? 0)} people (${hoveredLive.source})` : 'no live count'}
            </p>
            <p>{formatCount(hovered.area_m2)} m²</p>
            {queues.has(hovered.id) && <p>{formatCount(queues.get(hovered.id))} in checkout queues</p>}
            {hoveredLive && <p>updated {formatStoreTime(hoveredLive.updated_at, definition.timezone)}</p>}
          </div>
        )}
      </Card>
      <div className="flex items-center gap-2 text-xs text-slate-500">
        <span>People per 100 m²: 0</span>
        <span className="h-2 w-32 rounded" style={{ background: `linear-gradient(to right, ${colour(0)}, ${colour(colour.domain()[1]! / 2)}, ${colour(colour.domain()[1]!)})` }} />
        <span>{formatCount(colour.domain()[1])}</span>
        <span className="ml-3">● checkout queue</span>
      </div>
    </div>
  );
}

export default function StoreMap() {
  const definition = useDefinition();
  if (!definition) return <Loading label="Loading store…" />;
  return <StoreMapView definition={definition} />;
}
