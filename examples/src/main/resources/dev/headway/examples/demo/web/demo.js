// The demo page: starts jobs through the demo's API and shows them with headway.js. No framework, no build step.
import {
  watchJob, watchAll, resumeWatched, cancelJob, retryJob, fetchLog, fetchStats, enableNotifications,
} from '/progress/headway.js';

const BASE = '/progress';
const ENDED = new Set(['completed', 'failed', 'cancelled']);
// The server gives a first visitor a guest-… identity of their own (cookie demo_user); the picker switches users.
const user = cookie('demo_user') || 'guest';
const CARDS_KEY = `headway-demo.cards.${user}`;
const MAX_CARDS = 12;
const MAX_LOG_LINES = 500; // per card: what the server keeps of one step

const cards = new Map();     // job id -> { el, job, watch }
const children = new Map();  // parent id -> Map(child id -> job)
const $ = (selector, root = document) => root.querySelector(selector);

// ---- who am I ----
if (![...$('#user').options].some((option) => option.value === user)) $('#user').add(new Option(user, user), 0);
$('#user').value = user;
$('#avatar').textContent = user[0].toUpperCase();
$('#user').addEventListener('change', (event) => {
  document.cookie = `demo_user=${event.target.value}; path=/; max-age=31536000; SameSite=Lax`;
  localStorage.removeItem('headway.watched'); // the last user's jobs are not this user's to resume
  location.reload();
});

// ---- starting jobs ----
for (const form of document.querySelectorAll('form.scenario')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = Object.fromEntries(new FormData(form));
    start(form.dataset.scenario, body, form.querySelector('button'));
  });
}

async function start(scenario, body, button) {
  if (button) button.disabled = true;
  try {
    const response = await fetch(`/demo/jobs/${scenario}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (response.status === 202) {
      show(answer.id, true);
    } else if (response.status === 409 && answer.id) {
      notice('That is already running, so here is the running job instead of a second one.');
      show(answer.id, true);
    } else {
      notice(answer.error || `Could not start (${response.status})`, true);
    }
  } catch (e) {
    notice('The demo server is not answering. Is it still running?', true);
  } finally {
    if (button) button.disabled = false;
  }
}

// ---- progress cards, one per top-level job ----
function show(id, first = false) {
  if (cards.has(id)) {
    if (first) cards.get(id).el.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    return;
  }
  const el = document.createElement('article');
  el.className = 'card loading';
  el.dataset.jobId = id;
  $('#cards').prepend(el);
  $('#empty').hidden = true;
  // log: the lines this page has (from GET /log and then log events); open: the steps whose lines are shown.
  const card = { el, job: null, watch: null, log: [], logLoaded: false, open: new Set() };
  cards.set(id, card);
  saveCardIds();
  card.watch = watchJob(BASE, id, handlersFor(id), { notify: true });
  el.addEventListener('click', onCardClick);
  trimCards();
}

function handlersFor(id) {
  return {
    update(job) {
      if (job.owner !== user) return; // remembered by this browser for another demo user
      const card = cards.get(job.id);
      if (!card) return;
      const isNew = !card.job;
      card.job = job;
      render(card);
      if (isNew && job.children) loadChildren(job.id);
    },
    log(line) {
      const card = cards.get(id);
      if (!card) return;
      addLines(card, [line]);
      if (card.open.has(line.step)) render(card);
    },
    error() {
      removeCard(id); // not there, or not ours: either way, nothing to show
    },
  };
}

function removeCard(id) {
  const card = cards.get(id);
  if (!card) return;
  card.watch?.close();
  card.el.remove();
  cards.delete(id);
  saveCardIds();
  $('#empty').hidden = cards.size > 0;
}

function onCardClick(event) {
  const card = cards.get(event.currentTarget.dataset.jobId);
  const stepRow = event.target.closest('li.step[data-step]');
  if (stepRow && card?.job && !event.target.closest('a, .log')) {
    toggleStep(card, stepRow.dataset.step);
    return;
  }
  const action = event.target.closest('button[data-action]');
  if (!action) return;
  if (!card?.job) return;
  if (action.dataset.action === 'cancel') {
    action.disabled = true;
    cancelJob(BASE, card.job.id, 'Cancelled from the demo page').catch((e) => notice(e.message, true));
  } else if (action.dataset.action === 'retry') {
    retry(card.job, action);
  } else if (action.dataset.action === 'dismiss') {
    removeCard(card.job.id);
  }
}

// A retry is a new attempt that reuses the steps that had completed; work Headway cannot retry (a bulk run, a
// course) is asked for again from the start, without the injected failures.
async function retry(job, button) {
  button.disabled = true;
  try {
    const attempt = await retryJob(BASE, job.id);
    removeCard(job.id);
    show(attempt.id, true);
  } catch (e) {
    if (e.reason === 'not_retryable') {
      start(job.attributes.scenario || job.type, retryBody(job), button);
      return;
    }
    notice(e.message, true);
  } finally {
    button.disabled = false;
  }
}

function retryBody(job) {
  const { topic, count, repository } = job.attributes;
  return { topic, count, repository };
}

async function loadChildren(parentId) {
  const response = await fetch(`${BASE}/jobs?parent=${encodeURIComponent(parentId)}&status=all&limit=100`);
  if (!response.ok) return;
  const list = await response.json();
  for (const child of list.jobs) rememberChild(child);
}

function rememberChild(job) {
  if (!children.has(job.parentId)) children.set(job.parentId, new Map());
  const known = children.get(job.parentId).get(job.id);
  if (known && known.version >= job.version) return;
  children.get(job.parentId).set(job.id, job);
  const parent = cards.get(job.parentId);
  if (parent?.job) render(parent);
}

function render(card) {
  const job = card.job;
  const running = !ENDED.has(job.status);
  const status = job.cancelRequested && running ? 'cancelling' : job.status;
  const title = job.attributes.title || job.type;
  const kids = [...(children.get(job.id)?.values() ?? [])]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  if (!card.parts) {
    // A fixed skeleton; each part below is replaced only when its content changes, so buttons stay clickable
    // and the bar slides instead of jumping.
    card.el.innerHTML = `
      <header class="card-head"></header>
      <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"><div class="bar"></div></div>
      <div class="figures"><span class="percent"></span><span class="summary"></span>
        <span class="times"><span class="elapsed"></span><span class="eta"></span></span></div>
      <div class="detail"></div><div class="list"></div><footer class="actions"></footer>`;
    card.parts = {};
  }
  card.el.className = `card ${job.status}`;
  card.el.dataset.status = job.status;
  const attempt = job.attempt > 1 ? ` · attempt ${job.attempt}` : '';
  part(card, '.card-head', `
      <div><span class="kind">${esc(kindOf(job) + attempt)}</span><h3 class="title">${esc(title)}</h3></div>
      <span class="status pill ${status}">${esc(statusText(status))}</span>`);
  const bar = $('.progress', card.el);
  bar.setAttribute('aria-valuenow', String(Math.floor(job.percent)));
  bar.setAttribute('aria-label', title);
  $('.bar', card.el).style.width = `${job.percent.toFixed(1)}%`;
  $('.percent', card.el).textContent = `${Math.floor(job.percent)}%`;
  $('.summary', card.el).textContent = summary(job);
  // A job with steps shows its running step's own message, so a new step never shows the last one's words.
  const current = job.steps.find((step) => step.name === job.step && step.status === 'running');
  const message = running ? (job.steps.length ? current?.message : job.message) : null;
  part(card, '.detail', `
    ${message ? `<p class="message">${esc(message)}</p>` : ''}
    ${job.error ? `<p class="error" role="alert">${esc(job.error.message)}</p>` : ''}`);
  part(card, '.list', `
    ${job.steps.length ? `<ol class="steps">${job.steps.map((step) => stepRow(card, step)).join('')}</ol>` : ''}
    ${kids.length ? `<ul class="children">${kids.map(childRow).join('')}</ul>` : ''}`);
  part(card, '.actions', `
      <code class="job-id" title="Job id">${esc(job.id.slice(0, 10))}…</code>
      ${running ? `<button data-action="cancel" class="secondary" ${job.cancelRequested ? 'disabled' : ''}>Cancel</button>` : ''}
      ${job.status === 'failed' || job.status === 'cancelled' ? '<button data-action="retry">Retry</button>' : ''}
      ${!running ? '<button data-action="dismiss" class="link">Dismiss</button>' : ''}`);
  tickTimes(card);
}

function part(card, selector, html) {
  if (card.parts[selector] === html) return;
  card.parts[selector] = html;
  $(selector, card.el).innerHTML = html;
}

function stepRow(card, step) {
  const job = card.job;
  const name = esc(step.name);
  const label = step.status === 'completed' && job.type === 'funnel'
    ? `<a href="/demo/content/${encodeURIComponent(job.id)}/${encodeURIComponent(step.name)}" target="_blank">${name}</a>`
    : name;
  // The failure's text is in the card's error box already; the step row only says that it failed there.
  const detail = step.carriedOver ? `reused from attempt ${job.attempt - 1}`
    : step.status === 'running' ? `${Math.floor(step.percent)}%`
    : step.error && step.error !== job.error?.message ? esc(step.error) : step.status === 'failed' ? 'failed' : '';
  const open = card.open.has(step.name);
  const lines = open ? card.log.filter((line) => line.step === step.name) : [];
  // Log text is the worker's: always escaped, never markup.
  const log = open ? `<ol class="log">${lines.length ? lines.map((line) => `
      <li class="log-line ${esc(line.level)}"><time>${esc(line.at.slice(11, 19))}</time> ${esc(line.text)}</li>`).join('')
    : `<li class="log-line empty">${card.logLoaded ? 'No log lines.' : 'Loading…'}</li>`}</ol>` : '';
  return `<li class="step ${step.status}${step.carriedOver ? ' carried' : ''}${open ? ' open' : ''}" data-step="${name}"
      title="Show the log of this step" aria-expanded="${open}">
    <span class="step-icon" aria-label="${step.status}"></span>
    <span class="step-name">${label}</span><span class="step-detail">${detail}</span>${log}</li>`;
}

// Opening a step shows its log: the lines so far from GET /log once, then each new one from the stream.
async function toggleStep(card, step) {
  if (card.open.has(step)) card.open.delete(step); else card.open.add(step);
  render(card);
  if (!card.logLoaded && card.open.size) {
    try {
      addLines(card, await fetchLog(BASE, card.job.id));
    } catch (e) {
      notice(e.message, true);
    }
    card.logLoaded = true;
    render(card);
  }
}

function addLines(card, lines) {
  const seen = new Set(card.log.map((line) => line.seq));
  for (const line of lines) if (!seen.has(line.seq)) card.log.push(line);
  card.log.sort((a, b) => a.seq - b.seq);
  if (card.log.length > MAX_LOG_LINES) card.log.splice(0, card.log.length - MAX_LOG_LINES);
}

function childRow(job) {
  return `<li class="child ${job.status}" data-job-id="${esc(job.id)}">
    <span class="step-icon" aria-label="${job.status}"></span>
    <span class="step-name">${esc(job.attributes.title || job.type)}</span>
    <span class="mini"><span style="width:${job.percent.toFixed(0)}%"></span></span>
    <span class="step-detail">${job.error ? esc(job.error.message) : statusText(job.status)}</span></li>`;
}

function summary(job) {
  if (job.children) {
    const c = job.children;
    const noun = job.type === 'course' ? 'topics' : job.type === 'bulk' ? 'articles' : 'parts';
    const of = Number(job.attributes.count) || c.total;
    const extra = [c.failed && `${c.failed} failed`, c.cancelled && `${c.cancelled} cancelled`].filter(Boolean);
    return `${c.completed} of ${of} ${noun}${extra.length ? ` · ${extra.join(' · ')}` : ''}`;
  }
  if (job.step) return `Step ${job.steps.findIndex((s) => s.name === job.step) + 1} of ${job.steps.length}: ${job.step}`;
  if (job.total) return `${job.done} of ${job.total}`;
  return '';
}

// Elapsed and ETA move every second between events.
function tickTimes(card) {
  const job = card.job;
  if (!job) return;
  const end = job.completedAt ? Date.parse(job.completedAt) : Date.now();
  const begin = job.startedAt ? Date.parse(job.startedAt) : null;
  $('.elapsed', card.el).textContent = begin ? `${duration(end - begin)} elapsed` : 'waiting for a worker';
  const left = job.eta && !ENDED.has(job.status) ? Date.parse(job.eta.at) - Date.now() : null;
  $('.eta', card.el).textContent = left > 0 ? ` · about ${duration(left)} left` : job.stalled ? ' · stalled' : '';
}
setInterval(() => cards.forEach(tickTimes), 1000);

// ---- the floating "your jobs" tracker: every job of this user, from one /progress/events stream ----
const tracked = new Map(); // top-level job id -> job
let hideTimer = null;

watchAll(BASE, {
  update(job) {
    if (job.owner !== user) return;
    if (job.parentId) {
      rememberChild(job);
      return;
    }
    const before = tracked.get(job.id);
    if (before && before.version > job.version) return;
    tracked.set(job.id, job);
    if (ENDED.has(job.status) && !ENDED.has(before?.status)) refreshHistory();
    if (!before && !ENDED.has(job.status)) show(job.id); // started in another tab: show it here too
    renderTracker();
  },
});

function renderTracker() {
  const jobs = [...tracked.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 8);
  const active = jobs.filter((job) => !ENDED.has(job.status)).length;
  const tracker = $('#tracker');
  tracker.hidden = jobs.length === 0;
  tracker.classList.toggle('busy', active > 0);
  $('#tracker-title').textContent = active ? `${active} running` : 'All done';
  $('#tracker-list').innerHTML = jobs.map((job) => `
    <li class="${job.status}" data-job-id="${esc(job.id)}">
      <span class="step-icon" aria-hidden="true"></span>
      <span class="tracker-name">${esc(job.attributes.title || job.type)}</span>
      <span class="tracker-pct">${ENDED.has(job.status) ? statusText(job.status) : `${Math.floor(job.percent)}%`}</span>
      <span class="mini"><span style="width:${job.percent.toFixed(0)}%"></span></span>
    </li>`).join('');
  clearTimeout(hideTimer);
  tracker.classList.remove('gone');
  if (jobs.length && !active) hideTimer = setTimeout(() => tracker.classList.add('gone'), 5000);
}

// The tracker sits in the header, folded: it covers nothing until asked, on a phone as on a desktop.
function openTracker(open) {
  $('#tracker').classList.toggle('open', open);
  $('#tracker-toggle').setAttribute('aria-expanded', String(open));
}
$('#tracker-toggle').addEventListener('click', () => openTracker(!$('#tracker').classList.contains('open')));
document.addEventListener('click', (event) => {
  if (!event.target.closest('#tracker')) openTracker(false);
});
$('#tracker-list').addEventListener('click', (event) => {
  const row = event.target.closest('li[data-job-id]');
  if (!row) return;
  openTracker(false);
  show(row.dataset.jobId);
  cards.get(row.dataset.jobId)?.el.scrollIntoView({ behavior: 'smooth', block: 'start' });
});

// ---- notifications when a job ends while the page is hidden (opt-in: the browser asks once) ----
const notifyButton = $('#notify');
notifyButton.hidden = typeof Notification !== 'function' || Notification.permission !== 'default';
notifyButton.addEventListener('click', async () => {
  const answer = await enableNotifications();
  notifyButton.hidden = true;
  notice(answer === 'granted' ? 'You will be notified when a job ends while this page is in the background.'
    : 'Notifications stay off; the page still shows everything live.');
});
$('#clear').addEventListener('click', () => {
  for (const [id, card] of cards) if (card.job && ENDED.has(card.job.status)) removeCard(id);
});

// ---- after a reload: the cards this user had, running ones resumed where they are ----
const known = JSON.parse(localStorage.getItem(CARDS_KEY) || '[]');
for (const id of known.slice().reverse()) show(id);
resumeWatched(BASE, {
  update(job) {
    if (job.owner === user && !job.parentId && !cards.has(job.id)) show(job.id);
  },
});

// ---- history: what ended in the last 7 days, from GET /progress/stats (counted by the store) ----
async function refreshHistory() {
  clearTimeout(refreshHistory.timer);
  refreshHistory.timer = setTimeout(async () => {
    let stats;
    try {
      stats = await fetchStats(BASE, { since: 'P7D' });
    } catch (e) {
      return; // the numbers are a nicety; the page works without them
    }
    if (!stats.ended) return;
    const pct = (rate) => `${Math.round(rate * 100)}%`;
    const d = stats.duration;
    $('#history-summary').textContent = `${stats.ended} ended: ${stats.completed} completed, ${stats.failed} failed`
      + ` (${pct(stats.failureRate)}), ${stats.cancelled} cancelled`
      + (d.count ? ` · typical ${duration(d.p50Ms)}, slowest 5% over ${duration(d.p95Ms)}` : '');
    $('#history-steps').innerHTML = stats.steps.filter((step) => step.failed || step.duration.count).map((step) => `
      <li><span>${esc(step.name)}</span><span>${step.duration.count ? duration(step.duration.p50Ms) : ''}</span>
        <span class="${step.failed ? 'bad' : 'muted'}">${step.failed ? `${step.failed} failed` : 'no failures'}</span></li>`)
      .join('');
  }, 500);
}
refreshHistory();

// ---- small helpers ----
function saveCardIds() {
  localStorage.setItem(CARDS_KEY, JSON.stringify([...cards.keys()].reverse().slice(0, MAX_CARDS)));
}

function trimCards() {
  const ended = [...cards.values()].filter((card) => card.job && ENDED.has(card.job.status));
  while (cards.size > MAX_CARDS && ended.length) removeCard(ended.shift().job.id);
}

function notice(text, bad = false) {
  const el = $('#notice');
  el.textContent = text;
  el.className = `notice ${bad ? 'bad' : ''}`;
  el.hidden = false;
  clearTimeout(notice.timer);
  notice.timer = setTimeout(() => { el.hidden = true; }, 6000);
}

function kindOf(job) {
  return { article: 'Article', bulk: 'Bulk articles', funnel: 'All content', docs: 'Docs', course: 'Course' }[job.type]
    || job.type;
}

function statusText(status) {
  return { queued: 'Queued', running: 'Running', completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled',
    cancelling: 'Cancelling…' }[status] || status;
}

function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor(s / 60) % 60).padStart(2, '0')} min`;
}

function esc(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cookie(name) {
  const match = document.cookie.match(new RegExp(`(?:^|; )${name}=([^;]*)`));
  return match ? decodeURIComponent(match[1]) : null;
}
