// Runs headway.js in Node with a fake EventSource, fetch and localStorage (no BroadcastChannel or Web Locks, so the
// page leads alone): the log handler, retryJob's refusal, fetchLog and fetchStats. Prints "ok" when all hold.
import assert from 'node:assert/strict';

const sources = [];
globalThis.EventSource = class {
  static CLOSED = 2;
  constructor(url) { this.url = url; this.listeners = {}; this.readyState = 1; sources.push(this); }
  addEventListener(type, f) { (this.listeners[type] ??= []).push(f); }
  emit(type, data) { (this.listeners[type] ?? []).forEach((f) => f({ data: typeof data === 'string' ? data : JSON.stringify(data) })); }
  close() { this.readyState = 2; }
};
globalThis.BroadcastChannel = undefined;
globalThis.localStorage = { m: {}, getItem(k) { return this.m[k] ?? null; }, setItem(k, v) { this.m[k] = v; } };
const asked = [];
globalThis.fetch = async (url, init) => {
  asked.push(`${init?.method ?? 'GET'} ${url}`);
  if (url.endsWith('/retry')) {
    return new Response(JSON.stringify({ error: 'job x is still running', reason: 'active' }), { status: 409 });
  }
  if (url.includes('/log')) return new Response(JSON.stringify({ jobId: 'x', lines: [{ jobId: 'x', seq: 1, text: 'a' }] }));
  if (url.includes('/stats')) return new Response(JSON.stringify({ ended: 3 }));
  return new Response(JSON.stringify({ jobs: [] }));
};
const errors = [];
console.error = (...args) => errors.push(args.join(' '));

const h = await import('./headway.mjs');

await assert.rejects(h.retryJob('/hw/', 'x'), (e) => e.message === 'job x is still running' && e.reason === 'active'
  && e.status === 409);
assert.deepEqual((await h.fetchLog('/hw', 'x', 0)).map((l) => l.text), ['a']);
assert.equal((await h.fetchStats('/hw', { type: 'article', since: 'P7D' })).ended, 3);
assert.deepEqual(asked, ['POST /hw/jobs/x/retry', 'GET /hw/jobs/x/log?after=0', 'GET /hw/stats?type=article&since=P7D']);

const seen = [];
const job = (version, status, logSeq) => ({ id: 'j1', version, status, logSeq, attributes: {} });
h.watchJob('/hw', 'j1', {
  update(j, type) { seen.push(`${type} ${j.version}`); },
  end(j) { seen.push(`end ${j.version}`); },
  log(line) {
    seen.push(`log ${line.seq}`);
    if (line.seq === 3) throw new Error('a page handler that throws');
  },
});
const all = [];
h.watchAll('/hw', { log(line) { all.push(line.seq); } });
await new Promise((resolve) => setTimeout(resolve, 100));
const stream = sources.at(-1);
assert.match(stream.url, /^\/hw\/events\?jobs=j1&all=true&client=/);
stream.emit('snapshot', job(1, 'running', 1));
stream.emit('progress', job(2, 'running', 2));
stream.emit('log', { jobId: 'j1', seq: 2, text: 'b' });
stream.emit('log', { jobId: 'j1', seq: 2, text: 'b again' });
stream.emit('log', 'not json');
stream.emit('log', { seq: 9 });
stream.emit('job_completed', job(3, 'completed', 4));
stream.emit('log', { jobId: 'j1', seq: 3, text: 'c' });   // an ended job's last lines follow its end
stream.emit('log', { jobId: 'j1', seq: 4, text: 'd' });
stream.emit('log', { jobId: 'j1', seq: 5, text: 'after its end' });
assert.deepEqual(seen, ['snapshot 1', 'progress 2', 'log 2', 'job_completed 3', 'end 3', 'log 3', 'log 4']);
assert.deepEqual(all, [2, 3, 4, 5]);
assert.equal(errors.length, 1, 'the throwing handler is reported once');
console.log('ok');
process.exit(0);
