// The simulation's clock, randomness and span handles. Every service is its own
// BasicTracerProvider with its own Resource (as separate processes would be); ids come
// from a seeded generator and every span gets explicit start/end times, so a re-run
// reproduces the same spans and the same OTLP bytes.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export { SpanKind, SpanStatusCode };

export const US = 1_000n;
export const MS = 1_000_000n;
export const SECOND = 1_000_000_000n;

// Milliseconds (may be fractional) -> BigInt nanoseconds.
export function ms(value) {
  return BigInt(Math.round(value * 1_000_000));
}

// BigInt nanoseconds -> (fractional) seconds, for metrics.
export function seconds(ns) {
  return Number(ns) / 1e9;
}

// BigInt nanoseconds since the epoch -> the SDK's HrTime [seconds, nanoseconds].
function hrTime(ns) {
  return [Number(ns / SECOND), Number(ns % SECOND)];
}

export function hrToNs(hr) {
  return BigInt(hr[0]) * SECOND + BigInt(hr[1]);
}

// A small seeded generator (the "mulberry32" mixing steps): reproducible jitter and ids.
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (digits) => {
    let s = '';
    for (let i = 0; i < digits; ++i) s += Math.floor(next() * 16).toString(16);
    // All-zero ids are invalid in OTLP.
    return /^0+$/.test(s) ? '0'.repeat(digits - 1) + '1' : s;
  };
  return {
    next,
    // A uniform value in [lo, hi).
    between: (lo, hi) => lo + next() * (hi - lo),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    hex,
  };
}

// Two hex ids of one length, digit by digit exclusive-or'ed (never all zeros).
function xorHex(a, b) {
  let s = '';
  for (let i = 0; i < a.length; ++i) s += (parseInt(a[i], 16) ^ parseInt(b[i], 16)).toString(16);
  return /^0+$/.test(s) ? '0'.repeat(s.length - 1) + '1' : s;
}

export class World {
  // `idSalt` (optional) gives a run ids of its own while it draws the same random numbers
  // as a run without it: every id is still drawn from the simulation's generator, then
  // mixed with a draw of a second generator seeded with the salt. So two runs of the same
  // seed see the same jitter, sizes and choices, and their trace and span ids differ (a
  // workspace holding both keeps every span).
  constructor(seed, { idSalt = null } = {}) {
    this.rng = seededRandom(seed);
    this.collected = new InMemorySpanExporter();
    this.providers = [];
    const salt = idSalt === null ? null : seededRandom(idSalt);
    const id = (digits) => (salt ? xorHex(this.rng.hex(digits), salt.hex(digits)) : this.rng.hex(digits));
    this.idGenerator = {
      generateTraceId: () => id(32),
      generateSpanId: () => id(16),
    };
  }

  // Draws and drops what `spans` child spans' ids would have drawn: a flow that makes
  // fewer spans than in the run it is compared with (a fixed N+1) keeps the random
  // sequence, and with it every later request, the same.
  skipSpanIds(spans) {
    for (let i = 0; i < spans * 16; ++i) this.rng.next();
  }

  // A process of a service: its own provider and Resource. A restarted process is a
  // second call with the same service name and other resource attributes.
  process(serviceName, attributes) {
    const resource = defaultResource().merge(
      resourceFromAttributes({ 'service.name': serviceName, ...attributes }),
    );
    const provider = new BasicTracerProvider({
      resource,
      idGenerator: this.idGenerator,
      spanProcessors: [new SimpleSpanProcessor(this.collected)],
    });
    this.providers.push(provider);
    return (scopeName, scopeVersion) => provider.getTracer(scopeName, scopeVersion);
  }

  async finish() {
    for (const provider of this.providers) await provider.forceFlush();
    return this.collected.getFinishedSpans();
  }
}

// Starts a span at `at` (BigInt ns) under `parent` (a handle, or null for a new trace) and
// returns a handle: `end(ns)` closes it and returns ns.
export function open(tracer, name, { kind = SpanKind.INTERNAL, at, parent = null, attributes }) {
  const parentCtx = parent ? parent.ctx : ROOT_CONTEXT;
  const span = tracer.startSpan(name, { kind, startTime: hrTime(at), attributes }, parentCtx);
  const ids = span.spanContext();
  return {
    span,
    ctx: trace.setSpan(parentCtx, span),
    traceId: ids.traceId,
    spanId: ids.spanId,
    name,
    start: at,
    endTime: null,
    event(eventName, eventAt, eventAttributes) {
      span.addEvent(eventName, eventAttributes, hrTime(eventAt));
      return this;
    },
    error(message, exception, exceptionAt) {
      if (exception) span.recordException(exception, hrTime(exceptionAt));
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      return this;
    },
    set(attributesToAdd) {
      span.setAttributes(attributesToAdd);
      return this;
    },
    end(endNs) {
      if (endNs < at) throw new Error(`${name} would end before it starts`);
      span.end(hrTime(endNs));
      this.endTime = endNs;
      return endNs;
    },
  };
}
