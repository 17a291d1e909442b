// Drives a running Prometheus server (started by ../generate.sh) and saves its answers.
//
// The server scrapes, every second, (a) every fixture file of this folder served
// unchanged by tools/fixture_server (job "fixtures", one target per file, label
// fixture="<path>") and (b) job "quantile": a sequence of the fixed files
// go-client/snapshot-1.prom, -2, -3, each served for several scrapes in a row. Because
// every scrape of a phase returns the same bytes, an instant query at the time of a
// scrape inside phase k depends on snapshot-k.prom alone. The answers are saved as the
// server sent them, and queries.json lists for each file the query, the time and the
// snapshot it depends on.
//
// Usage: node query_reference.mjs PROMETHEUS_URL FIXTURE_SERVER_URL FIXTURE_LOG OUT_DIR
import { readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const [prometheusUrl, fixtureUrl, fixtureLog, outDir] = process.argv.slice(2);
const scrapesPerPhase = 4;
const phases = ['go-client/snapshot-1.prom', 'go-client/snapshot-2.prom', 'go-client/snapshot-3.prom'];
const histogram = 'http_server_request_duration_seconds_bucket{job="quantile"}';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function getText(url) {
  const response = await fetch(url);
  const body = await response.text();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}: ${body}`);
  return body;
}

async function api(path, params) {
  const url = `${prometheusUrl}${path}?${new URLSearchParams(params)}`;
  const body = await getText(url);
  const parsed = JSON.parse(body);
  if (parsed.status !== 'success') throw new Error(`${url}: ${body}`);
  return { body, parsed };
}

// Scrapes of the sequence job so far, as [unixMs, file] from the fixture server log.
function sequenceScrapes() {
  return readFileSync(fixtureLog, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const [ms, file] = line.split(' ');
      return [Number(ms), file];
    });
}

async function waitForScrapes(file, count) {
  for (let i = 0; i < 200; i++) {
    if (sequenceScrapes().filter(([, f]) => f === file).length >= count) return;
    await sleep(250);
  }
  throw new Error(`fewer than ${count} scrapes of ${file}`);
}

async function waitForFixtureTargets(expected) {
  for (let i = 0; i < 120; i++) {
    const { parsed } = await api('/api/v1/query', { query: 'count(scrape_samples_scraped{job="fixtures"})' });
    const got = parsed.data.result.length ? Number(parsed.data.result[0].value[1]) : 0;
    if (got >= expected) return;
    await sleep(500);
  }
  throw new Error('not every fixture target was scraped');
}

const saved = [];
function save(name, body, description) {
  writeFileSync(join(outDir, name), body.endsWith('\n') ? body : `${body}\n`);
  saved.push({ file: name, ...description });
}

// The value of _count of one series in a snapshot, read from the count_families answer.
function countOf(snapshotPath, labels) {
  const expected = JSON.parse(readFileSync(`${snapshotPath}.expected.json`, 'utf8'));
  const family = expected.family_list.find((f) => f.name === 'http_server_request_duration_seconds');
  const point = family.points.find((p) => Object.entries(labels).every(([k, v]) => p.labels[k] === v));
  return point.count;
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(outDir)) if (name.endsWith('.json')) rmSync(join(outDir, name));

  for (const [index, file] of phases.entries()) {
    if (index > 0) await getText(`${fixtureUrl}/select?file=${encodeURIComponent(file)}`);
    await waitForScrapes(file, scrapesPerPhase);
  }
  // Let the last scrape be appended and every fixture target be scraped twice.
  await sleep(2500);
  const targetList = await api('/api/v1/targets', {});
  const fixtureCount = targetList.parsed.data.activeTargets.filter((t) => t.scrapePool === 'fixtures').length;
  await waitForFixtureTargets(fixtureCount);

  // Sample timestamps of one series of the sequence job, to find each phase's scrapes.
  const probeLabels = { method: 'GET', route: '/v1/orders' };
  const probe = await api('/api/v1/query', {
    query: 'http_server_request_duration_seconds_count{job="quantile",method="GET",route="/v1/orders"}[5m]',
  });
  const samples = probe.parsed.data.result[0].values;
  const phaseTimes = {};
  for (const file of phases) {
    const count = countOf(file, probeLabels);
    const inPhase = samples.filter(([, v]) => v === count).map(([t]) => t);
    if (inPhase.length < 3) throw new Error(`only ${inPhase.length} scrapes of ${file} found`);
    // A scrape in the middle of the phase: its neighbours saw the same file.
    phaseTimes[file] = inPhase[Math.floor(inPhase.length / 2)];
  }
  const firstTime = samples[0][0];
  const lastTime = phaseTimes[phases[2]];

  const instant = async (name, query, time, dependsOn) => {
    const { body } = await api('/api/v1/query', { query, time: String(time) });
    save(name, body, { endpoint: '/api/v1/query', query, time, depends_on: dependsOn });
  };
  const range = async (name, query, start, end, step, dependsOn) => {
    const { body } = await api('/api/v1/query_range', { query, start: String(start), end: String(end), step });
    save(name, body, { endpoint: '/api/v1/query_range', query, start, end, step, depends_on: dependsOn });
  };

  // histogram_quantile over the raw buckets of ONE snapshot: the answer depends on that
  // file only.
  for (const [index, file] of phases.entries()) {
    const k = index + 1;
    const t = phaseTimes[file];
    for (const q of ['0.5', '0.9', '0.99']) {
      await instant(`quantile-${q}-snapshot-${k}.json`, `histogram_quantile(${q}, ${histogram})`, t, [file]);
    }
    await instant(
      `quantile-0.9-by-method-snapshot-${k}.json`,
      `histogram_quantile(0.9, sum by (le, method) (${histogram}))`,
      t,
      [file],
    );
    await instant(
      `quantile-0.99-rpc-snapshot-${k}.json`,
      'histogram_quantile(0.99, rpc_client_duration_seconds_bucket{job="quantile"})',
      t,
      [file],
    );
  }
  // Edge quantiles: q = 0 and 1, and out of range (-Inf / +Inf).
  for (const q of ['0', '1', '-0.5', '1.5']) {
    await instant(`quantile-${q}-snapshot-3.json`, `histogram_quantile(${q}, ${histogram})`, lastTime, [phases[2]]);
  }

  // Over time: rates across the three snapshots. raw-buckets-30s.json holds the exact
  // samples (timestamps and values) the rate saw.
  const all = phases;
  await instant('raw-buckets-30s.json', `${histogram}[30s]`, lastTime, all);
  await instant(
    'quantile-0.99-rate-30s.json',
    `histogram_quantile(0.99, rate(${histogram}[30s]))`,
    lastTime,
    all,
  );
  await instant('rate-requests-30s.json', 'rate(http_requests_total{job="quantile"}[30s])', lastTime, all);

  // HTTP API JSON fixtures of every result type.
  await instant('api-query-vector.json', 'http_requests_total{job="quantile"}', lastTime, [phases[2]]);
  await instant('api-query-matrix.json', 'http_requests_total{job="quantile"}[30s]', lastTime, all);
  await instant('api-query-scalar.json', 'scalar(sum(http_requests_in_flight{job="quantile"}))', lastTime, [phases[2]]);
  await instant('api-query-string.json', '"sightline"', lastTime, []);
  const start = Math.floor(firstTime);
  const end = Math.ceil(lastTime);
  await range('api-query-range-rate.json', 'rate(http_requests_total{job="quantile"}[5s])', start, end, '1s', all);
  await range(
    'api-query-range-quantile.json',
    `histogram_quantile(0.9, sum by (le, method) (rate(${histogram}[3s])))`,
    start,
    end,
    '1s',
    all,
  );
  await range('api-query-range-gauge.json', 'cache_entries{job="quantile"}', start, end, '1s', all);

  // What the server made of every fixture file (job "fixtures"): health, sample
  // counts, series per metric name, and family metadata.
  const now = Date.now() / 1000;
  await instant('fixtures-up.json', 'up{job="fixtures"}', now, ['every fixture']);
  await instant('fixtures-samples-scraped.json', 'scrape_samples_scraped{job="fixtures"}', now, ['every fixture']);
  await instant(
    'fixtures-series-by-name.json',
    'count by (fixture, __name__) ({job="fixtures", __name__!~"up|scrape_.*"})',
    now,
    ['every fixture'],
  );
  const targets = await api('/api/v1/targets', {});
  save('fixtures-targets.json', targets.body, { endpoint: '/api/v1/targets', depends_on: ['every fixture'] });
  const metadata = await api('/api/v1/targets/metadata', { match_target: '{job="fixtures"}' });
  save('fixtures-metadata.json', metadata.body, {
    endpoint: '/api/v1/targets/metadata',
    match_target: '{job="fixtures"}',
    depends_on: ['every fixture'],
  });

  const index = {
    note: 'times are unix seconds; each answer is the server body unchanged',
    phase_scrape_times: phaseTimes,
    sequence_scrapes_ms: sequenceScrapes(),
    files: saved,
  };
  writeFileSync(join(outDir, 'queries.json'), `${JSON.stringify(index, null, 1)}\n`);
}

await main();
