// A small simulated system for the OpenTelemetry JS SDK: one BasicTracerProvider per
// service (each with its own Resource), deterministic ids and explicit timestamps so that
// re-running the generator reproduces the same bytes, and helpers to open/close spans
// at chosen nanosecond times.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export { SpanKind, SpanStatusCode };

// mulberry32: tiny seeded PRNG; good enough for jitter and ids, and reproducible.
export function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    hex: (digits) => {
      let s = '';
      for (let i = 0; i < digits; ++i) s += Math.floor(next() * 16).toString(16);
      return /^0+$/.test(s) ? hex1(digits) : s;
    },
  };
}

function hex1(digits) {
  return '0'.repeat(digits - 1) + '1';
}

export const MS = 1_000_000n;
export const US = 1_000n;

// BigInt nanoseconds since the epoch -> the SDK's HrTime [seconds, nanoseconds].
export function hrTime(ns) {
  return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
}

export function hrToNs(hr) {
  return BigInt(hr[0]) * 1_000_000_000n + BigInt(hr[1]);
}

// Milliseconds (may be fractional) -> BigInt nanoseconds, keeping sub-microsecond digits.
export function ms(value) {
  return BigInt(Math.round(value * 1_000_000));
}

export class World {
  constructor(seed) {
    this.rng = makeRng(seed);
    this.collected = new InMemorySpanExporter();
    this.providers = [];
    const rng = this.rng;
    this.idGenerator = {
      generateTraceId: () => rng.hex(32),
      generateSpanId: () => rng.hex(16),
    };
  }

  // Registers a service: its own provider and Resource, as a separate process would have.
  service(name, attributes) {
    const resource = defaultResource().merge(
      resourceFromAttributes({ 'service.name': name, ...attributes }),
    );
    const provider = new BasicTracerProvider({
      resource,
      idGenerator: this.idGenerator,
      spanProcessors: [new SimpleSpanProcessor(this.collected)],
    });
    this.providers.push(provider);
    return {
      name,
      tracer: (scopeName, scopeVersion) => provider.getTracer(scopeName, scopeVersion),
    };
  }

  // A context whose parent is a span that no exporter will ever report (an uninstrumented
  // upstream such as a load balancer propagating traceparent).
  remoteParent() {
    const spanContext = {
      traceId: this.idGenerator.generateTraceId(),
      spanId: this.idGenerator.generateSpanId(),
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    };
    return trace.setSpanContext(ROOT_CONTEXT, spanContext);
  }

  async finish() {
    for (const provider of this.providers) await provider.forceFlush();
    return this.collected.getFinishedSpans();
  }
}

// Starts a span at `startNs` under `parent` (a Context, or null for a new trace) and returns
// a handle whose `ctx` parents children and whose `end(ns)` closes it.
export function open(tracer, name, { kind = SpanKind.INTERNAL, at, parent, attributes, links }) {
  const parentCtx = parent ?? ROOT_CONTEXT;
  const span = tracer.startSpan(
    name,
    { kind, startTime: hrTime(at), attributes, links },
    parentCtx,
  );
  return {
    span,
    ctx: trace.setSpan(parentCtx, span),
    start: at,
    event(eventName, eventAt, eventAttributes) {
      span.addEvent(eventName, eventAttributes, hrTime(eventAt));
      return this;
    },
    error(message, exception, exceptionAt) {
      if (exception) span.recordException(exception, hrTime(exceptionAt));
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      return this;
    },
    ok() {
      span.setStatus({ code: SpanStatusCode.OK });
      return this;
    },
    set(attributesToAdd) {
      span.setAttributes(attributesToAdd);
      return this;
    },
    end(endNs) {
      span.end(hrTime(endNs));
      return endNs;
    },
  };
}
