// Builds expected.json from the ReadableSpans the SDK produced (collected by an
// InMemorySpanExporter next to the OTLP exporters), i.e. from what the producer recorded.
// Integers that may exceed 2^53 (times, durations, int attributes) are written as decimal
// strings so that any JSON reader keeps them exact.
import { hrToNs } from './world.mjs';

// OTLP's SpanKind numbering is the JS API's + 1.
const KIND_NAMES = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

function typedValue(value) {
  if (value === null || value === undefined) return { type: 'empty' };
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'boolean') return { type: 'bool', value };
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? { type: 'int', value: String(value) }
      : { type: 'double', value };
  }
  if (Array.isArray(value)) return { type: 'array', values: value.map(typedValue) };
  if (value instanceof Uint8Array) {
    return { type: 'bytes', hex: Buffer.from(value).toString('hex') };
  }
  if (typeof value === 'object') return { type: 'kvlist', values: typedAttributes(value) };
  throw new Error(`unexpected attribute value ${value}`);
}

function typedAttributes(attributes) {
  const out = {};
  for (const [key, value] of Object.entries(attributes ?? {})) out[key] = typedValue(value);
  return out;
}

function spanEntry(s) {
  const parent = s.parentSpanContext?.spanId ?? '';
  return {
    span_id: s.spanContext().spanId,
    parent_span_id: parent,
    name: s.name,
    service: s.resource.attributes['service.name'],
    scope_name: s.instrumentationScope.name,
    scope_version: s.instrumentationScope.version ?? '',
    kind: s.kind + 1,
    kind_name: KIND_NAMES[s.kind],
    start_unix_nano: String(hrToNs(s.startTime)),
    end_unix_nano: String(hrToNs(s.endTime)),
    status_code: s.status.code,
    status_message: s.status.message ?? '',
    attribute_count: Object.keys(s.attributes).length,
    event_count: s.events.length,
    link_count: s.links.length,
    attributes: typedAttributes(s.attributes),
    events: s.events.map((e) => ({
      name: e.name,
      time_unix_nano: String(hrToNs(e.time)),
      attributes: typedAttributes(e.attributes),
    })),
    links: s.links.map((l) => ({
      trace_id: l.context.traceId,
      span_id: l.context.spanId,
      attributes: typedAttributes(l.attributes),
    })),
  };
}

// Root = earliest span whose parent is not in the data (ties by span id).
function summarise(traceId, spans) {
  const ids = new Set(spans.map((s) => s.span_id));
  const byStart = [...spans].sort((a, b) => {
    const d = BigInt(a.start_unix_nano) - BigInt(b.start_unix_nano);
    return d !== 0n ? (d < 0n ? -1 : 1) : a.span_id.localeCompare(b.span_id);
  });
  const root = byStart.find((s) => !s.parent_span_id || !ids.has(s.parent_span_id));
  const start = BigInt(byStart[0].start_unix_nano);
  const end = spans.reduce((m, s) => {
    const e = BigInt(s.end_unix_nano);
    return e > m ? e : m;
  }, 0n);
  return {
    trace_id: traceId,
    span_count: spans.length,
    error_count: spans.filter((s) => s.status_code === 2).length,
    root_service: root.service,
    root_name: root.name,
    root_span_id: root.span_id,
    root_parent_missing: root.parent_span_id !== '',
    start_unix_nano: String(start),
    duration_ns: String(end - start),
    services: [...new Set(spans.map((s) => s.service))].sort(),
    spans: byStart,
  };
}

export function buildExpected(readableSpans, files) {
  const byTrace = new Map();
  for (const s of readableSpans) {
    const id = s.spanContext().traceId;
    if (!byTrace.has(id)) byTrace.set(id, []);
    byTrace.get(id).push(spanEntry(s));
  }
  const resources = {};
  for (const s of readableSpans) {
    resources[s.resource.attributes['service.name']] = typedAttributes(s.resource.attributes);
  }
  const traces = [...byTrace.entries()].map(([id, spans]) => summarise(id, spans));
  traces.sort((a, b) => (BigInt(a.start_unix_nano) < BigInt(b.start_unix_nano) ? -1 : 1));
  return {
    comment:
      'Written by generate.mjs from the spans the OpenTelemetry JS SDK recorded. kind is the ' +
      'OTLP number (kind_name its name); status_code 0 unset, 1 ok, 2 error; int values, ' +
      'times and durations are decimal strings.',
    files,
    resources,
    trace_count: traces.length,
    span_count: readableSpans.length,
    traces,
  };
}
