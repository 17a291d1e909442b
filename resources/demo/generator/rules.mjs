// Measures the planted bottlenecks on the spans the SDK recorded, with the definitions of
// DESIGN.md's diagnosis rules, so that planted.json states facts about the data rather than
// intentions (and generation fails when a change to the simulation loses one).
import { hrToNs } from './world.mjs';

const ERROR = 2; // SpanStatusCode.ERROR
const KIND = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

export function spanRecords(spans) {
  return spans.map((s) => ({
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentId: s.parentSpanContext?.spanId ?? '',
    name: s.name,
    service: s.resource.attributes['service.name'],
    kind: KIND[s.kind],
    start: hrToNs(s.startTime),
    end: hrToNs(s.endTime),
    error: s.status.code === ERROR,
    attributes: s.attributes,
  }));
}

export function groupTraces(records) {
  const traces = new Map();
  for (const r of records) {
    if (!traces.has(r.traceId)) traces.set(r.traceId, []);
    traces.get(r.traceId).push(r);
  }
  const out = [];
  for (const [traceId, spans] of traces) {
    spans.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.spanId < b.spanId ? -1 : 1));
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const children = new Map(spans.map((s) => [s.spanId, []]));
    const roots = [];
    for (const s of spans) {
      if (s.parentId && byId.has(s.parentId)) children.get(s.parentId).push(s);
      else roots.push(s);
    }
    out.push({ traceId, spans, byId, children, roots, root: roots[0] });
  }
  out.sort((a, b) => (a.root.start < b.root.start ? -1 : a.root.start > b.root.start ? 1 : 0));
  return out;
}

export const isDb = (s) => s.attributes['db.system'] !== undefined;

// Nearest-rank percentile (rank = ceil(p·n/100)), as Sightline's operation statistics.
export function nearestRank(values, percent) {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = Math.min(Math.max(Math.ceil((sorted.length * percent) / 100), 1), sorted.length);
  return sorted[rank - 1];
}

export function operationStats(records) {
  const groups = new Map();
  for (const r of records) {
    const key = `${r.service}\u0000${r.name}`;
    if (!groups.has(key)) groups.set(key, { service: r.service, operation: r.name, durations: [] });
    groups.get(key).durations.push(r.end - r.start);
  }
  return [...groups.values()].map((g) => ({
    service: g.service,
    operation: g.operation,
    count: g.durations.length,
    p50_ns: nearestRank(g.durations, 50),
    p95_ns: nearestRank(g.durations, 95),
    p99_ns: nearestRank(g.durations, 99),
    max_ns: nearestRank(g.durations, 100),
  }));
}

export function depth(trace) {
  let deepest = 0;
  const walk = (s, d) => {
    deepest = Math.max(deepest, d);
    for (const c of trace.children.get(s.spanId)) walk(c, d + 1);
  };
  for (const r of trace.roots) walk(r, 1);
  return deepest;
}

// DESIGN.md's last-returning-child walk; returns the time each span owns on the path.
export function criticalPath(trace) {
  const owned = new Map();
  const walk = (x, xs, xe, limit) => {
    const eligible = [];
    for (const c of trace.children.get(x.spanId)) {
      if (c.kind === 'CONSUMER' && x.kind === 'PRODUCER') continue;
      if (c.end < xs || c.start > xe) continue;
      eligible.push({ span: c, start: c.start < xs ? xs : c.start, end: c.end > xe ? xe : c.end });
    }
    eligible.sort((a, b) => (a.end > b.end ? -1 : a.end < b.end ? 1 : a.start < b.start ? -1 : 1));
    const skew = (xe - xs) / 100n;
    let cursor = limit;
    let segments = 0n;
    for (const c of eligible) {
      if (c.end > cursor + skew) continue;
      const segEnd = c.end < cursor ? c.end : cursor;
      const segStart = c.start < segEnd ? c.start : segEnd;
      segments += segEnd - segStart;
      walk(c.span, c.start, c.end, segEnd > c.start ? segEnd : c.start);
      if (c.start < cursor) cursor = c.start;
    }
    owned.set(x.spanId, (owned.get(x.spanId) ?? 0n) + (limit - xs) - segments);
  };
  walk(trace.root, trace.root.start, trace.root.end, trace.root.end);
  return owned;
}

export function dbShare(trace) {
  const owned = criticalPath(trace);
  let db = 0n;
  let total = 0n;
  for (const [id, ns] of owned) {
    total += ns;
    if (isDb(trace.byId.get(id))) db += ns;
  }
  return total > 0n ? Number(db) / Number(total) : 0;
}

// SQL text with its literals (quoted strings, numbers) replaced by '?'.
export function normaliseSql(sql) {
  return sql.replace(/'(?:[^']|'')*'/g, '?').replace(/\b\d+(?:\.\d+)?\b/g, '?');
}

// Runs of >= minCount consecutive sibling DB spans with the same normalised statement.
export function nPlusOneRuns(trace, { minCount = 5, minTotalNs = 50_000_000n } = {}) {
  const runs = [];
  for (const [parentId, kids] of trace.children) {
    let run = [];
    const flush = () => {
      const total = run.reduce((s, c) => s + (c.end - c.start), 0n);
      if (run.length >= minCount && total >= minTotalNs) {
        runs.push({ parentId, spans: run, total_ns: total, statement: normaliseSql(run[0].attributes['db.statement']) });
      }
    };
    for (const c of kids) {
      const same =
        run.length > 0 && isDb(c) &&
        normaliseSql(c.attributes['db.statement']) === normaliseSql(run[0].attributes['db.statement']);
      if (same) {
        run.push(c);
      } else {
        flush();
        run = isDb(c) ? [c] : [];
      }
    }
    flush();
  }
  return runs;
}

// Runs of consecutive, non-overlapping sibling calls (CLIENT spans; with includeDb false
// only HTTP and RPC calls) whose sequential time could be saved: sum - longest.
export function sequentialCalls(trace, { includeDb = false } = {}) {
  const found = [];
  for (const [parentId, kids] of trace.children) {
    const parent = trace.byId.get(parentId);
    const calls = kids.filter((c) => c.kind === 'CLIENT' && (includeDb || !isDb(c)));
    let run = [];
    const flush = () => {
      if (run.length >= 2) {
        const sum = run.reduce((s, c) => s + (c.end - c.start), 0n);
        const longest = run.reduce((m, c) => (c.end - c.start > m ? c.end - c.start : m), 0n);
        found.push({ parent, spans: run, saved_ns: sum - longest, sum_ns: sum, parent_ns: parent.end - parent.start });
      }
    };
    for (const c of calls) {
      if (run.length > 0 && c.start < run[run.length - 1].end) {
        flush();
        run = [];
      }
      run.push(c);
    }
    flush();
  }
  return found;
}

export function isErrorSpan(s) {
  const http = s.attributes['http.response.status_code'];
  const grpc = s.attributes['rpc.grpc.status_code'];
  return s.error || (typeof http === 'number' && http >= 500) || (typeof grpc === 'number' && grpc !== 0);
}
