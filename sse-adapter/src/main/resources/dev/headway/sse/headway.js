// headway.js: watch Headway jobs from a browser. An ES module without dependencies, served by the endpoints.
//
//   import { watchJob, watchAll, resumeWatched, cancelJob } from '/headway/headway.js';
//   const watch = watchJob('/headway', id, {
//     update(job, type) { bar.value = job.percent; },   // every state, the first one included
//     end(job) { ... },                                 // completed, failed or cancelled
//     error(message) { ... },                           // the job does not exist (or is not yours)
//   });
//   watch.close();
//
// Each snapshot is the whole job, so a missed event never matters. Tabs of one browser share one connection per
// watched thing: a Web Lock elects the tab that connects, a BroadcastChannel carries its updates to the others, and
// when that tab closes another one takes over. Without EventSource the leader long-polls. Watched jobs are kept in
// localStorage until they end; after a reload, resumeWatched() shows their last state at once and catches up.

const EVENT_TYPES = ['snapshot', 'job_created', 'job_started', 'step_started', 'progress', 'step_completed',
  'step_failed', 'step_skipped', 'cancel_requested', 'job_completed', 'job_failed', 'job_cancelled'];
const ENDED = new Set(['completed', 'failed', 'cancelled']);
const STORAGE_KEY = 'headway.watched';
const POLL_WAIT_MS = 25000;
const LIST_POLL_MS = 5000;
const MAX_RETRY_MS = 60000;

/** Watches one job until it ends. Returns { close() }. */
export function watchJob(baseUrl, id, handlers = {}) {
  const base = trimSlash(baseUrl);
  const key = `${base}|${id}`;
  const url = `${base}/jobs/${encodeURIComponent(id)}`;
  let last = remembered()[key] ?? null;
  let lastType = null;
  let done = false;
  let stop = () => {};

  const deliver = (message) => {
    if (done) return;
    if (message.error) {
      done = true;
      forget(key);
      stop();
      handlers.error?.(message.error);
      return;
    }
    const { type, job } = message;
    if (last && (job.version < last.version || (job.version === last.version && type === lastType))) return;
    last = job;
    lastType = type;
    handlers.update?.(job, type);
    if (ENDED.has(job.status)) {
      done = true;
      forget(key);
      stop();
      handlers.end?.(job);
    } else {
      remember(key, job);
    }
  };

  if (last) handlers.update?.(last, 'snapshot'); // the state before the reload, shown at once
  const resumeFrom = last?.version;
  stop = shared(key, (emit) => typeof EventSource === 'function'
    ? stream(`${url}/events`, resumeFrom, emit, () => askPlainly(url, emit))
    : longPoll(url, resumeFrom, emit), deliver);
  // Another tab may be the one connected, and it sent the current state long ago: ask for it once.
  fetchJson(url).then((job) => job && deliver({ type: 'snapshot', job }),
    (status) => status === 404 && deliver({ error: 'no such job' }));
  return { close() { done = true; stop(); } };
}

/** Watches every job of the caller: current ones, new ones, and their ends. Returns { close() }. */
export function watchAll(baseUrl, handlers = {}) {
  const base = trimSlash(baseUrl);
  const seen = new Map(); // id -> "version type", to drop what another path already delivered
  const deliver = ({ type, job }) => {
    if (!job) return;
    const tag = `${job.version} ${type}`;
    const before = seen.get(job.id);
    if (before && (before === tag || Number(before.split(' ')[0]) > job.version)) return;
    seen.set(job.id, tag);
    handlers.update?.(job, type);
    if (ENDED.has(job.status)) handlers.end?.(job);
  };
  const stop = shared(`${base}|*`, (emit) => typeof EventSource === 'function'
    ? stream(`${base}/events`, null, emit, async () => true)
    : pollList(base, emit), deliver);
  fetchJson(`${base}/jobs?status=active`).then((list) => list?.jobs.forEach((job) => deliver({ type: 'snapshot', job })),
    () => {});
  return { close: stop };
}

/** Watches again every job remembered under this base URL that had not ended. Returns the watches. */
export function resumeWatched(baseUrl, handlers = {}) {
  const base = trimSlash(baseUrl);
  return Object.keys(remembered())
    .filter((key) => key.startsWith(`${base}|`))
    .map((key) => watchJob(base, key.slice(base.length + 1), handlers));
}

/** Asks for a job to be cancelled. Resolves to the job's state; rejects with the server's message. */
export async function cancelJob(baseUrl, id, reason) {
  const query = reason ? `?reason=${encodeURIComponent(reason)}` : '';
  const response = await fetch(`${trimSlash(baseUrl)}/jobs/${encodeURIComponent(id)}/cancel${query}`,
    { method: 'POST', credentials: 'same-origin' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error);
  return body;
}

// ---- one connection per browser ----

// Runs open(emit) in exactly one tab per key and hands every message to deliver() in all of them.
function shared(key, open, deliver) {
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`headway:${key}`) : null;
  const emit = (message) => {
    deliver(message);
    channel?.postMessage(message);
  };
  if (!channel || typeof navigator === 'undefined' || !navigator.locks) {
    const close = open(emit);
    return () => { close(); channel?.close(); };
  }
  channel.onmessage = (event) => deliver(event.data);
  const abort = new AbortController();
  let close = null;
  let release = null;
  navigator.locks.request(`headway:${key}`, { signal: abort.signal }, () => new Promise((resolve) => {
    release = resolve; // held until this tab stops watching or closes; then the next tab in line connects
    close = open(emit);
  })).catch(() => {}); // aborted while waiting: another tab was connected all along
  return () => {
    abort.abort();
    close?.();
    release?.();
    channel.close();
  };
}

// ---- transports; each returns a function that stops it ----

// EventSource resumes by itself (Last-Event-ID). When the server answers something other than a stream (204 after
// the end, 404, 429, an error) the browser gives up; onClosed() decides whether to connect again, with backoff.
function stream(url, lastId, emit, onClosed) {
  let source = null;
  let timer = null;
  let stopped = false;
  let delay = 1000;
  const connect = () => {
    const resume = lastId ? `${url.includes('?') ? '&' : '?'}lastEventId=${encodeURIComponent(lastId)}` : '';
    source = new EventSource(url + resume, { withCredentials: true });
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (event) => {
        lastId = event.lastEventId;
        delay = 1000;
        emit({ type, job: JSON.parse(event.data) });
      });
    }
    source.onerror = async () => {
      if (source.readyState !== EventSource.CLOSED || stopped) return;
      if (await onClosed() && !stopped) {
        timer = setTimeout(connect, delay * (1 + Math.random()));
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    };
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source.close();
  };
}

// After the stream was refused: emits what GET /jobs/{id} says; resolves true to connect again.
async function askPlainly(url, emit) {
  try {
    const job = await fetchJson(url);
    emit({ type: 'snapshot', job });
    return !ENDED.has(job.status);
  } catch (status) {
    if (status === 404) emit({ error: 'no such job' });
    return status !== 404;
  }
}

// GET /jobs/{id}?after=v&waitMs=: the server answers when the job changes, or 304 when the wait ends.
function longPoll(url, version, emit) {
  const abort = new AbortController();
  (async () => {
    let delay = 1000;
    while (!abort.signal.aborted) {
      try {
        const response = await fetch(`${url}?after=${version ?? -1}&waitMs=${POLL_WAIT_MS}`,
          { credentials: 'same-origin', signal: abort.signal });
        if (response.status === 200) {
          const job = await response.json();
          version = job.version;
          emit({ type: 'snapshot', job });
          if (ENDED.has(job.status)) return;
        } else if (response.status === 404) {
          emit({ error: 'no such job' });
          return;
        } else if (response.status !== 304) {
          throw new Error(`HTTP ${response.status}`);
        }
        delay = 1000;
      } catch (e) {
        if (abort.signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, delay * (1 + Math.random())));
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  })();
  return () => abort.abort();
}

// Without EventSource, the list of all jobs is polled; unchanged jobs are dropped by deliver().
function pollList(base, emit) {
  const tick = () => fetchJson(`${base}/jobs?status=all`)
    .then((list) => list.jobs.forEach((job) => emit({ type: 'snapshot', job })), () => {});
  tick();
  const timer = setInterval(tick, LIST_POLL_MS);
  return () => clearInterval(timer);
}

// ---- small helpers ----

async function fetchJson(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw response.status;
  return response.json();
}

function trimSlash(url) {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

function remembered() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY)) ?? {};
  } catch {
    return {}; // storage disabled or corrupt: nothing to resume
  }
}

function remember(key, job) {
  store((all) => { all[key] = job; });
}

function forget(key) {
  store((all) => { delete all[key]; });
}

function store(change) {
  try {
    const all = remembered();
    change(all);
    localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Private mode or a full quota: watching works, resuming after a reload does not.
  }
}
