// Compares what the senders recorded with what `sightline serve` stored, read back with
// `sightline sql`. Prints a summary and exits 1 when an assertion fails.
//
//   node check.mjs --sightline BIN --db W --phase NAME [--crash] SENDER.json...
//
// Without --crash (every export must have succeeded):
//   - the stored (trace id, span id) set equals the union of the spans the senders ended;
//   - no span is stored twice;
//   - per metrics sender, the stored samples equal the samples of its acknowledged exports.
// With --crash (the server was killed -9 and restarted mid-run):
//   - every acknowledged span is stored, none twice, nothing stored that no sender ended;
//   - the spans ended but not stored (dropped by a client that gave up) are counted;
//   - per metrics sender, stored samples ≥ acknowledged samples (an export retried after
//     the kill may have been committed before its answer was lost: no dedupe for points).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args, positionals: files } = parseArgs({
  options: {
    sightline: { type: 'string' },
    db: { type: 'string' },
    phase: { type: 'string', default: 'run' },
    crash: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

const failures = [];
function expect(ok, message) {
  if (!ok) failures.push(message);
}

function sql(query) {
  const out = execFileSync(args.sightline, ['sql', '--db', args.db, query], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: 60_000,
  });
  return out.trimEnd().split('\n').slice(1); // without the header line
}

const reports = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const traceReports = reports.filter((r) => r.kind.startsWith('trace-'));
const metricReports = reports.filter((r) => r.kind.startsWith('metrics-'));

// Spans.
const stored = new Map(); // id → times stored
for (const line of sql('SELECT trace_id, span_id FROM spans')) {
  const id = line.replace(',', '');
  stored.set(id, (stored.get(id) ?? 0) + 1);
}
const storedRows = [...stored.values()].reduce((a, b) => a + b, 0);
const twice = [...stored].filter(([, n]) => n > 1).length;
const ended = new Set();
const acked = new Set();
let failedSpans = 0;
for (const r of traceReports) {
  for (const id of r.ended) ended.add(id);
  for (const id of r.acked) acked.add(id);
  failedSpans += r.failed.length;
  if (!args.crash) expect(r.allSucceeded, `${r.name} (${r.kind}): not every export succeeded: ${r.errors.slice(0, 3).join('; ')}`);
}
const missingAcked = [...acked].filter((id) => !stored.has(id)).length;
const missingEnded = [...ended].filter((id) => !stored.has(id)).length;
const unknown = [...stored.keys()].filter((id) => !ended.has(id)).length;
expect(twice === 0, `${twice} spans stored more than once`);
expect(missingAcked === 0, `${missingAcked} acknowledged spans are not stored`);
expect(unknown === 0, `${unknown} stored spans were never sent`);
if (!args.crash) {
  expect(missingEnded === 0, `${missingEnded} sent spans are not stored`);
  expect(stored.size === ended.size, `stored ${stored.size} distinct spans, sent ${ended.size}`);
}

// Points, per metrics sender (its `sender` label is on every data point).
const storedSamples = new Map();
if (metricReports.length > 0) {
  const rows = sql(
    "SELECT json_extract(s.labels, '$.sender'), count(*) FROM metric_points p " +
      'JOIN metric_series s ON s.id = p.series_id GROUP BY 1',
  );
  for (const line of rows) {
    const [name, count] = line.split(',');
    storedSamples.set(name, Number(count));
  }
}
let ackedSamples = 0;
let ackedPoints = 0;
let storedPoints = 0;
for (const r of metricReports) {
  const got = storedSamples.get(r.name) ?? 0;
  ackedSamples += r.ackedSamples;
  ackedPoints += r.ackedPoints;
  storedPoints += got;
  if (args.crash) {
    expect(got >= r.ackedSamples, `${r.name}: ${got} samples stored < ${r.ackedSamples} acknowledged`);
  } else {
    expect(r.allSucceeded, `${r.name} (${r.kind}): not every export succeeded: ${r.errors.slice(0, 3).join('; ')}`);
    expect(got === r.ackedSamples, `${r.name}: ${got} samples stored, ${r.ackedSamples} exported`);
  }
}

const summary = {
  phase: args.phase,
  senders: reports.length,
  spansEnded: ended.size,
  spansAcked: acked.size,
  spansInFailedExports: failedSpans,
  spansStored: storedRows,
  spansStoredTwice: twice,
  ackedNotStored: missingAcked,
  droppedByClients: missingEnded,
  metricExports: metricReports.reduce((a, r) => a + r.ackedExports, 0),
  metricDataPointsAcked: ackedPoints,
  metricSamplesAcked: ackedSamples,
  metricSamplesStored: storedPoints,
  failedExports: reports.reduce((a, r) => a + r.failedExports, 0),
  exporterRetries: reports.reduce((a, r) => a + (r.retries ?? 0), 0),
};
console.log(JSON.stringify(summary));
// What the exporters said when they gave up (one line per distinct message and sender kind).
const said = new Map();
for (const r of reports) {
  for (const e of r.errors) said.set(`${r.kind}: ${e}`, (said.get(`${r.kind}: ${e}`) ?? 0) + 1);
}
for (const [e, n] of said) console.log(`  exporter error ×${n}: ${e}`);
for (const f of failures) console.error(`FAIL [${args.phase}]: ${f}`);
process.exit(failures.length === 0 ? 0 : 1);
