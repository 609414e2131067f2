// headway.js: watch Headway jobs from a browser. An ES module without dependencies, served by the endpoints
// (types: headway.d.ts beside it).
//
//   import { watchJob, watchAll, resumeWatched, cancelJob, enableNotifications } from '/headway/headway.js';
//   const watch = watchJob('/headway', id, {
//     update(job, type) { bar.value = job.percent; },   // every state, the first one included
//     end(job) { ... },                                 // completed, failed or cancelled
//     error(message) { ... },                           // the job does not exist (or is not yours)
//     log(line) { ... },                                // each log line logged after the watch began
//   }, { notify: true });                               // a system notification if it ends while the page is hidden
//   watch.close();
//   fetchLog('/headway', id).then(...); retryJob('/headway', id).then(...); fetchStats('/headway', { since: 'P7D' });
//
// Each snapshot is the whole job, so a missed event never matters. One browser holds one connection per base URL,
// whatever the number of tabs and watched jobs: a Web Lock elects the leader tab, the other tabs send it the ids
// they watch over a BroadcastChannel, and the leader streams the union from GET {base}/events?jobs=...&client=...,
// handing every event to the others. The client token (kept in localStorage) lets the server close the previous
// stream of this browser at once when the leader reopens with a new set, or after a reload. When the leader tab
// closes, the next tab in line takes over. Without EventSource the leader long-polls each job. Watched jobs are kept
// in localStorage until they end; after a reload, resumeWatched() shows their last state at once and catches up.
// User handlers are guarded: one that throws is reported on the console and delivery goes on.

const EVENT_TYPES = ['snapshot', 'job_created', 'job_started', 'step_started', 'progress', 'step_completed',
  'step_failed', 'step_skipped', 'cancel_requested', 'job_completed', 'job_failed', 'job_cancelled'];
const ENDED = new Set(['completed', 'failed', 'cancelled']);
const STORAGE_KEY = 'headway.watched';
const CLIENT_KEY = 'headway.client';
const MAX_STREAM_JOBS = 100;     // the server's limit of ids on one stream
const REOPEN_DELAY_MS = 25;      // coalesces the watches of one page load (and the tabs' answers) into one reopen
const WANT_REFRESH_MS = 20000;   // followers repeat their watch set...
const WANT_TTL_MS = 180000;      // ...and a tab that vanished without a word drops out (hidden tabs tick slowly)
const POLL_WAIT_MS = 25000;
const LIST_POLL_MS = 5000;
const MAX_RETRY_MS = 60000;
const LOG_LINGER_MS = 5000;      // an ended job's last lines follow its end; a watch waits this long for them

/** Watches one job until it ends. Returns { close() }. */
export function watchJob(baseUrl, id, handlers = {}, options = {}) {
  const base = trimSlash(baseUrl);
  const key = `${base}|${id}`;
  const hub = hubOf(base);
  let last = remembered()[key] ?? null;
  let lastType = null;
  let done = false;
  let closed = false;
  let lastLine = 0;      // the number of the last log line handed over
  let linesUntil = 0;    // once ended: the last line its end shows, still to come after it
  const finish = (job) => {
    done = true;
    forget(key);
    const more = job && typeof handlers.log === 'function' && job.logSeq > lastLine;
    if (!more) {
      hub.unwatch(id, watcher);
      return;
    }
    linesUntil = job.logSeq;
    setTimeout(() => hub.unwatch(id, watcher), LOG_LINGER_MS);
  };
  const watcher = {
    deliver(type, job) {
      if (done || isOld(job, type, last, lastType)) return;
      last = job;
      lastType = type;
      call(handlers.update, job, type);
      if (ENDED.has(job.status)) {
        finish(job);
        call(handlers.end, job);
        if (options.notify) notifyEnd(job, options.notify);
      } else {
        remember(key, job);
      }
    },
    log(line) {
      if (closed || line.seq <= lastLine || (done && line.seq > linesUntil)) return;
      lastLine = line.seq;
      call(handlers.log, line);
      if (done && line.seq >= linesUntil) hub.unwatch(id, watcher);
    },
    missing() {
      if (done) return;
      finish(null);
      call(handlers.error, 'no such job');
    },
  };
  if (last) call(handlers.update, last, 'snapshot'); // the state before the reload, shown at once
  hub.watch(id, watcher);
  return { close() { closed = true; done = true; hub.unwatch(id, watcher); } };
}

/**
 * Watches every job of the caller: current ones, new ones, and their ends (and any job watched by id in this
 * browser, since they share the connection). Returns { close() }.
 */
export function watchAll(baseUrl, handlers = {}, options = {}) {
  const base = trimSlash(baseUrl);
  const hub = hubOf(base);
  const seen = new Map(); // id -> { version, type }, to drop what another path already delivered
  const lines = new Map(); // id -> the number of the last log line handed over
  let closed = false;
  const watcher = {
    deliver(type, job) {
      const before = seen.get(job.id);
      if (closed || isOld(job, type, before?.job, before?.type)) return;
      seen.set(job.id, { job: { version: job.version }, type });
      call(handlers.update, job, type);
      if (ENDED.has(job.status)) {
        call(handlers.end, job);
        if (options.notify) notifyEnd(job, options.notify);
      }
    },
    log(line) {
      const before = lines.get(line.jobId) ?? 0;
      if (closed || line.seq <= before) return;
      lines.set(line.jobId, line.seq);
      call(handlers.log, line);
    },
    missing() {},
  };
  hub.watchAll(watcher);
  // The leader's stream may have sent the active jobs long ago (to another tab): ask for them once.
  fetchJson(`${base}/jobs?status=active`)
    .then((list) => list?.jobs?.forEach((job) => watcher.deliver('snapshot', job)), () => {});
  return { close() { closed = true; hub.unwatchAll(watcher); } };
}

/** Watches again every job remembered under this base URL that had not ended. Returns the watches. */
export function resumeWatched(baseUrl, handlers = {}, options = {}) {
  const base = trimSlash(baseUrl);
  return Object.keys(remembered())
    .filter((key) => key.startsWith(`${base}|`))
    .map((key) => watchJob(base, key.slice(base.length + 1), handlers, options));
}

/** Asks for a job to be cancelled. Resolves to the job's state; rejects with the server's message. */
export async function cancelJob(baseUrl, id, reason) {
  const query = reason ? `?reason=${encodeURIComponent(reason)}` : '';
  return requestJson(`${jobUrl(baseUrl, id)}/cancel${query}`, { method: 'POST' });
}

/**
 * Retries a failed or cancelled job as a new attempt. Resolves to the attempt's state (the one already running, if
 * it was asked twice); rejects with the server's message, and for a refusal with error.reason: 'active',
 * 'completed', 'not_retryable', 'key_busy' or 'parent_closed'.
 */
export async function retryJob(baseUrl, id) {
  return requestJson(`${jobUrl(baseUrl, id)}/retry`, { method: 'POST' });
}

/** Reads a job's log lines numbered above `after` (0 for all it keeps). Resolves to the lines, oldest first. */
export async function fetchLog(baseUrl, id, after = 0) {
  const body = await requestJson(`${jobUrl(baseUrl, id)}/log?after=${encodeURIComponent(after)}`);
  return Array.isArray(body?.lines) ? body.lines : [];
}

/**
 * Reads the numbers of the caller's jobs that ended since `since` (an ISO-8601 instant, or a duration back from
 * now such as 'P7D' or 'PT24H'; default 7 days), optionally of one type.
 */
export async function fetchStats(baseUrl, { type, since } = {}) {
  const query = [];
  if (type) query.push(`type=${encodeURIComponent(type)}`);
  if (since) query.push(`since=${encodeURIComponent(since)}`);
  return requestJson(`${trimSlash(baseUrl)}/stats${query.length ? `?${query.join('&')}` : ''}`);
}

/**
 * Asks the user, once, whether this site may show notifications; call it from a click. Resolves to 'granted',
 * 'denied', 'default' (not decided) or 'unsupported'. Watches opened with { notify: true } use it.
 */
export async function enableNotifications() {
  if (typeof Notification !== 'function') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    return await Notification.requestPermission();
  } catch {
    return 'denied';
  }
}

// ---- one connection per browser ----

const hubs = new Map(); // base URL -> Hub, one per page

function hubOf(base) {
  let hub = hubs.get(base);
  if (!hub) {
    hub = new Hub(base);
    hubs.set(base, hub);
  }
  return hub;
}

// What this page watches under one base URL, and, in the leader tab, the one transport for the whole browser.
// The channel stays open for the page's life: a message never goes to a closed channel.
class Hub {
  constructor(base) {
    this.base = base;
    this.tab = randomToken();
    this.byId = new Map();        // job id -> Set of watchers in this tab
    this.everything = new Set();  // watchAll watchers in this tab
    this.known = new Map();       // job id -> the last message this tab saw, for a second watcher of the same job
    this.leader = false;
    this.wants = new Map();       // leader: tab -> { ids, all, at } of the other tabs
    this.latest = new Map();      // leader: job id -> the last message about it, for a watcher that joins late
    this.ended = new Set();       // leader: ids whose end (or absence) was seen; no longer asked for
    this.transport = null;        // leader: { ids, all, update(ids, all), stop() }
    this.timer = null;
    this.announcing = false;
    this.channel = openChannel(`headway:${base}`, (message) => this.receive(message));
    if (this.channel && hasLocks()) {
      Promise.resolve()
        .then(() => navigator.locks.request(`headway:${base}`, () => new Promise(() => this.lead(storedClientId(base)))))
        .catch(() => this.leadAlone()); // locks refused here (a sandboxed frame), or the page is going away
      setInterval(() => this.announce(), WANT_REFRESH_MS);
      addEventListener('pagehide', () => this.post({ kind: 'bye', tab: this.tab }));
      addEventListener('pageshow', (event) => event.persisted && this.announce()); // back from the bfcache
    } else {
      queueMicrotask(() => this.leadAlone());
    }
  }

  // No way to elect one tab: this tab connects for itself, with a token of its own so tabs never evict each other.
  leadAlone() {
    if (this.leader) return;
    this.channel?.close();
    this.channel = null; // and so nothing is ever posted to it again
    this.lead(this.tab);
  }

  watch(id, watcher) {
    if (!this.byId.has(id)) this.byId.set(id, new Set());
    this.byId.get(id).add(watcher);
    const known = this.known.get(id);
    if (known) queueMicrotask(() => this.deliverTo(watcher, known)); // the stream will not say it again
    this.changed();
  }

  unwatch(id, watcher) {
    const watchers = this.byId.get(id);
    if (!watchers?.delete(watcher)) return;
    if (!watchers.size) this.byId.delete(id);
    this.changed();
  }

  watchAll(watcher) {
    this.everything.add(watcher);
    this.changed();
  }

  unwatchAll(watcher) {
    if (this.everything.delete(watcher)) this.changed();
  }

  changed() {
    if (this.leader) {
      this.schedule();
    } else if (!this.announcing) {
      this.announcing = true; // one message for all the watches a task makes
      queueMicrotask(() => { this.announcing = false; this.announce(); });
    }
  }

  announce() {
    if (!this.leader) this.post({ kind: 'want', tab: this.tab, ids: [...this.byId.keys()], all: this.everything.size > 0 });
  }

  // ---- leader ----

  lead(clientId) {
    this.leader = true;
    this.clientId = clientId;
    this.post({ kind: 'hello' }); // the other tabs answer with what they watch
    setInterval(() => this.schedule(), WANT_REFRESH_MS);
    this.schedule();
  }

  schedule() {
    if (!this.timer) this.timer = setTimeout(() => { this.timer = null; this.sync(); }, REOPEN_DELAY_MS);
  }

  // Brings the transport in line with the union of every tab's watches. A stream is reopened only when it lacks a
  // wanted job (or watchAll); ids nobody wants any more, ended ones first, fall out at the next reopen.
  sync() {
    const now = Date.now();
    const wanted = new Set(this.byId.keys());
    let all = this.everything.size > 0;
    for (const [tab, want] of this.wants) {
      if (now - want.at > WANT_TTL_MS) {
        this.wants.delete(tab);
        continue;
      }
      want.ids.forEach((id) => wanted.add(id));
      all = all || want.all;
    }
    const ids = [...wanted].filter((id) => !this.ended.has(id)).slice(-MAX_STREAM_JOBS); // the latest watched
    if (!ids.length && !all) {
      this.transport?.stop();
      this.transport = null;
    } else if (!this.transport) {
      this.transport = typeof EventSource === 'function' ? new Stream(this) : new Polls(this);
      this.transport.update(ids, all);
    } else {
      this.transport.update(ids, all);
    }
    const kept = new Set([...wanted, ...(this.transport?.ids ?? [])]);
    for (const id of [...this.latest.keys()]) {
      if (!kept.has(id)) {
        this.latest.delete(id);
        this.ended.delete(id);
      }
    }
  }

  // A state or an absence from the transport: to this tab's watchers and to every other tab.
  received(message) {
    if (message.kind === 'log') {
      this.post(message);
      this.dispatch(message);
      return;
    }
    const id = message.kind === 'missing' ? message.id : message.job.id;
    this.latest.set(id, message);
    if (message.kind === 'missing' || ENDED.has(message.job.status)) this.ended.add(id);
    this.post(message);
    this.dispatch(message);
  }

  takeWant(message) {
    const before = this.wants.get(message.tab);
    const ids = Array.isArray(message.ids) ? message.ids.filter((id) => typeof id === 'string') : [];
    this.wants.set(message.tab, { ids, all: message.all === true, at: Date.now() });
    for (const id of ids) {
      const known = this.latest.get(id);
      if (known && !before?.ids.includes(id)) this.post(known); // that tab joined late: the state it missed
    }
    this.schedule();
  }

  // ---- every tab ----

  receive(message) {
    if (!message || typeof message !== 'object') return;
    if (message.kind === 'event' && message.job && typeof message.job.id === 'string') {
      this.dispatch(message);
    } else if (message.kind === 'missing' && typeof message.id === 'string') {
      this.dispatch(message);
    } else if (message.kind === 'log' && isLogLine(message.line)) {
      this.dispatch(message);
    } else if (message.kind === 'hello') {
      this.announce(); // a new leader: tell it what this tab watches
    } else if (message.kind === 'want' && this.leader) {
      this.takeWant(message);
    } else if (message.kind === 'bye' && this.leader && this.wants.delete(message.tab)) {
      this.schedule();
    }
  }

  dispatch(message) {
    if (message.kind === 'log') {
      // A line is not a state: it is handed over once, never kept for a watcher that joins later.
      for (const watcher of [...(this.byId.get(message.line.jobId) ?? [])]) this.deliverTo(watcher, message);
      for (const watcher of [...this.everything]) this.deliverTo(watcher, message);
      return;
    }
    const id = message.kind === 'missing' ? message.id : message.job.id;
    const before = this.known.get(id);
    if (!before || before.kind === 'missing' || message.kind === 'missing' || before.job.version <= message.job.version) {
      this.known.delete(id);
      this.known.set(id, message);
      if (this.known.size > 1000) this.known.delete(this.known.keys().next().value); // the oldest
    }
    for (const watcher of [...(this.byId.get(id) ?? [])]) this.deliverTo(watcher, message);
    if (message.kind === 'event') for (const watcher of [...this.everything]) this.deliverTo(watcher, message);
  }

  deliverTo(watcher, message) {
    if (message.kind === 'missing') watcher.missing();
    else if (message.kind === 'log') watcher.log(message.line);
    else watcher.deliver(message.type, message.job);
  }

  post(message) {
    try {
      this.channel?.postMessage(message);
    } catch (e) {
      console.warn('headway.js: could not reach the other tabs', e);
    }
  }
}

// ---- transports, run by the leader ----

// One EventSource for every wanted job. EventSource resumes by itself (Last-Event-ID; the server then resends the
// listed jobs' snapshots). When the server answers something other than a stream (a 4xx or 5xx) the browser gives
// up; we connect again with backoff.
class Stream {
  constructor(hub) {
    this.hub = hub;
    this.ids = new Set();
    this.all = false;
    this.source = null;
    this.timer = null;
    this.delay = 1000;
  }

  update(ids, all) {
    if (this.source && ids.every((id) => this.ids.has(id)) && (this.all || !all)) return;
    this.ids = new Set(ids);
    this.all = all;
    this.connect();
  }

  connect() {
    clearTimeout(this.timer);
    const query = [];
    if (this.ids.size) query.push(`jobs=${[...this.ids].map(encodeURIComponent).join(',')}`);
    if (this.all) query.push('all=true');
    query.push(`client=${this.hub.clientId}`);
    const source = new EventSource(`${this.hub.base}/events?${query.join('&')}`, { withCredentials: true });
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (event) => {
        const job = parse(event.data);
        this.delay = 1000;
        if (job && typeof job.id === 'string') this.hub.received({ kind: 'event', type, job });
      });
    }
    // A log line carries no id, so the browser's Last-Event-ID stays the last job version.
    source.addEventListener('log', (event) => {
      const line = parse(event.data);
      if (isLogLine(line)) this.hub.received({ kind: 'log', line });
    });
    source.addEventListener('not_found', (event) => {
      const id = parse(event.data)?.id;
      if (typeof id === 'string') this.hub.received({ kind: 'missing', id });
    });
    source.onerror = () => {
      if (source !== this.source || source.readyState !== EventSource.CLOSED) return; // it reconnects by itself
      this.timer = setTimeout(() => this.connect(), this.delay * (1 + Math.random()));
      this.delay = Math.min(this.delay * 2, MAX_RETRY_MS);
    };
    // Open the new one first: the server closes the old one (same client token) as the new one arrives.
    const old = this.source;
    this.source = source;
    old?.close();
  }

  stop() {
    clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
  }
}

// Without EventSource: one long-poll per job, and the caller's job list polled for watchAll. Long-poll answers carry
// no log lines; a page that shows them reads fetchLog().
class Polls {
  constructor(hub) {
    this.hub = hub;
    this.ids = new Set();
    this.polls = new Map(); // id -> AbortController
    this.listTimer = null;
  }

  update(ids, all) {
    this.ids = new Set(ids);
    for (const [id, abort] of this.polls) {
      if (!this.ids.has(id)) {
        abort.abort();
        this.polls.delete(id);
      }
    }
    for (const id of ids) if (!this.polls.has(id)) this.polls.set(id, this.longPoll(id));
    if (all && !this.listTimer) {
      this.listTimer = setInterval(() => this.pollList(), LIST_POLL_MS);
      this.pollList();
    } else if (!all && this.listTimer) {
      clearInterval(this.listTimer);
      this.listTimer = null;
    }
  }

  // GET /jobs/{id}?after=v&waitMs=: the server answers when the job changes, or 304 when the wait ends.
  longPoll(id) {
    const abort = new AbortController();
    const url = `${this.hub.base}/jobs/${encodeURIComponent(id)}`;
    (async () => {
      let version = -1;
      let delay = 1000;
      while (!abort.signal.aborted) {
        try {
          const response = await fetch(`${url}?after=${version}&waitMs=${POLL_WAIT_MS}`,
            { credentials: 'same-origin', signal: abort.signal });
          if (response.status === 200) {
            const job = await response.json();
            version = job.version;
            this.hub.received({ kind: 'event', type: 'snapshot', job });
            if (ENDED.has(job.status)) return;
          } else if (response.status === 404) {
            this.hub.received({ kind: 'missing', id });
            return;
          } else if (response.status !== 304) {
            throw new Error(`HTTP ${response.status}`);
          }
          delay = 1000;
        } catch {
          if (abort.signal.aborted) return;
          await new Promise((resolve) => setTimeout(resolve, delay * (1 + Math.random())));
          delay = Math.min(delay * 2, MAX_RETRY_MS);
        }
      }
    })();
    return abort;
  }

  pollList() {
    fetchJson(`${this.hub.base}/jobs?status=all`)
      .then((list) => list?.jobs?.forEach((job) => this.hub.received({ kind: 'event', type: 'snapshot', job })),
        () => {});
  }

  stop() {
    this.update([], false);
  }
}

// ---- notifications ----

function notifyEnd(job, how) {
  try {
    if (typeof Notification !== 'function' || Notification.permission !== 'granted') return;
    if (typeof document === 'undefined' || document.visibilityState !== 'hidden') return; // they are looking
    const custom = typeof how === 'function' ? how(job) : null;
    if (custom === false) return;
    const name = job.attributes?.title || job.type;
    const said = { completed: 'is done', failed: 'failed', cancelled: 'was cancelled' }[job.status];
    // The tag makes the tabs that watch the same job show one notification, not one each.
    new Notification(custom?.title ?? `${name} ${said}`,
      { body: custom?.body ?? (job.error?.message || ''), tag: `headway:${job.id}` });
  } catch (e) {
    console.warn('headway.js: could not show a notification', e); // e.g. Android Chrome wants a service worker
  }
}

// ---- small helpers ----

// Already delivered: an older version, or the same version again (a snapshot of a state already shown).
function isOld(job, type, last, lastType) {
  return !!last && (job.version < last.version
    || (job.version === last.version && (type === lastType || type === 'snapshot')));
}

function call(handler, ...args) {
  if (typeof handler !== 'function') return;
  try {
    handler(...args);
  } catch (e) {
    console.error('headway.js: a handler threw; delivery goes on', e);
  }
}

function parse(data) {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

// A request whose failure rejects with the server's message, its status and, for a refusal, its reason.
async function requestJson(url, init = {}) {
  const response = await fetch(url, { credentials: 'same-origin', ...init });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`);
    error.status = response.status;
    if (typeof body?.reason === 'string') error.reason = body.reason;
    throw error;
  }
  return body;
}

function jobUrl(baseUrl, id) {
  return `${trimSlash(baseUrl)}/jobs/${encodeURIComponent(id)}`;
}

function isLogLine(line) {
  return !!line && typeof line === 'object' && typeof line.jobId === 'string' && typeof line.seq === 'number';
}

async function fetchJson(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw response.status;
  return response.json();
}

function trimSlash(url) {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

function openChannel(name, onMessage) {
  if (typeof BroadcastChannel !== 'function') return null;
  try {
    const channel = new BroadcastChannel(name);
    channel.onmessage = (event) => onMessage(event.data);
    return channel;
  } catch {
    return null;
  }
}

function hasLocks() {
  return typeof navigator !== 'undefined' && typeof navigator.locks?.request === 'function';
}

function randomToken() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[b & 63]).join('');
}

// The browser's token for a base URL: the same after a reload, so the server closes the stream the last page left.
function storedClientId(base) {
  const key = `${CLIENT_KEY}|${base}`;
  try {
    let id = localStorage.getItem(key);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id ?? '')) {
      id = randomToken();
      localStorage.setItem(key, id);
    }
    return id;
  } catch {
    return randomToken(); // storage disabled: this page's own token
  }
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
