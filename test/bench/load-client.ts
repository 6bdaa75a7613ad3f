/**
 * The load generator of bench:api, run as its own process (as a client is, in front of API
 * Gateway), so autocannon does not take event-loop time from the server it measures.
 * Reads one scenario as JSON from argv, prints its figures as JSON on stdout.
 */
import autocannon from 'autocannon';

export interface Scenario {
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationSeconds: number;
  /** POST /applications bodies, each for the next job id from this one on. */
  applyFromJobId?: { jobId: number; profileId: number };
}

export interface Figures {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const round = (n: number) => Math.round(n * 10) / 10;

async function measure(scenario: Scenario): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let next = scenario.applyFromJobId?.jobId ?? 0;
  const apply = scenario.applyFromJobId;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: scenario.url,
        method: scenario.method ?? 'GET',
        headers: scenario.headers,
        body: scenario.body,
        connections: scenario.connections,
        duration: scenario.durationSeconds,
        ...(apply && { requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ jobId: next++, profileId: apply.profileId }) }) }] }),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (status < 200 || status >= 300) errors++;
    });
  });
  return toFigures(latencies, errors + result.errors + result.timeouts, scenario.durationSeconds);
}

/** Request count, rate and latency percentiles of one run, from every request's latency. */
export function toFigures(latencies: number[], errors: number, durationSeconds: number): Figures {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    requestsPerSecond: round(latencies.length / durationSeconds),
    latencyMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)), max: round(latencies.at(-1) ?? NaN) },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(await measure(JSON.parse(process.argv[2]!) as Scenario)));
}
