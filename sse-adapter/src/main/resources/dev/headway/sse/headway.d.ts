// Types for headway.js, the browser client of Headway's endpoints; served beside it as {base}/headway.d.ts.
// Copy this file next to your code (for example as src/types/headway.d.ts) and declare the module under the URL you
// import from, or import the types directly:
//
//   import type { JobSnapshot, JobHandlers } from './headway';
//
// The snapshot is the wire contract of dev.headway.json.JobJson: every field is always present, null when unset.

/** Where a job is. */
export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** Where a step is. */
export type StepStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped';

/** The name of an SSE event: `snapshot` (the state when the stream began) or what changed. */
export type JobEventType =
  | 'snapshot'
  | 'job_created'
  | 'job_started'
  | 'step_started'
  | 'progress'
  | 'step_completed'
  | 'step_failed'
  | 'step_skipped'
  | 'cancel_requested'
  | 'job_completed'
  | 'job_failed'
  | 'job_cancelled';

/** The name of the SSE event of a log line (`data`: a {@link LogLine}; no `id:`, so Last-Event-ID stays a version). */
export type LogEventType = 'log';

/** An ISO-8601 instant in UTC, for example `2026-11-23T10:15:30.123Z`. */
export type Instant = string;

/** One named, weighted step of a job. */
export interface StepSnapshot {
  name: string;
  /** Its share of the job's percent, relative to the other steps' weights. */
  weight: number;
  status: StepStatus;
  /** 0-100. */
  percent: number;
  done: number | null;
  total: number | null;
  message: string | null;
  startedAt: Instant | null;
  completedAt: Instant | null;
  /** Why it failed. */
  error: string | null;
  /** What the completed step produced: any JSON, or null. */
  result: unknown;
  /** True when an earlier attempt completed the step and this retry took it over without running it again. */
  carriedOver: boolean;
}

/** How many children of a parent job are where. */
export interface ChildCounts {
  total: number;
  queued: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
}

/** When the job should end, from its progress so far. */
export interface Eta {
  remainingMs: number;
  at: Instant;
  confidence: 'low' | 'medium' | 'high';
}

/** Why a job failed. */
export interface JobError {
  message: string;
  step: string | null;
  at: Instant;
}

/** The whole state of a job, as every endpoint and every event carries it. */
export interface JobSnapshot {
  id: string;
  type: string;
  owner: string;
  tenant: string | null;
  parentId: string | null;
  status: JobStatus;
  /** 0-100, from the steps' weights, done/total or the children. */
  percent: number;
  message: string | null;
  /** The running step's name. */
  step: string | null;
  steps: StepSnapshot[];
  done: number | null;
  total: number | null;
  children: ChildCounts | null;
  eta: Eta | null;
  elapsedMs: number | null;
  stalled: boolean;
  createdAt: Instant;
  startedAt: Instant | null;
  updatedAt: Instant;
  completedAt: Instant | null;
  error: JobError | null;
  /** Any JSON the worker completed the job with. */
  result: unknown;
  cancelRequested: boolean;
  cancelReason: string | null;
  attributes: Record<string, string>;
  /** Grows with every change of this job; the SSE `id:`. */
  version: number;
  /** The key no other active job may hold while this one is active. */
  exclusiveKey: string | null;
  /** 1 for a job started afresh, one more for each retry. */
  attempt: number;
  /** The job this attempt retries. */
  retryOf: string | null;
  /** The number of the job's latest log line, 0 before the first; the lines: `log` events and {@link fetchLog}. */
  logSeq: number;
}

/** How much a log line matters. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One line of a job's log: the `log` SSE event's data, and an element of `GET {base}/jobs/{id}/log`. */
export interface LogLine {
  jobId: string;
  /** 1 for the job's first line, one more for each next one. */
  seq: number;
  /** The step that was running, or null outside any step. */
  step: string | null;
  level: LogLevel;
  at: Instant;
  /** Plain text on one line; show it as text, never as HTML. */
  text: string;
}

/** `GET {base}/jobs/{id}/log?after=N` */
export interface JobLog {
  jobId: string;
  lines: LogLine[];
}

/** How long jobs or steps took, in milliseconds; 0 when none took part. */
export interface DurationStats {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
}

/** How one step went in the period; steps a retry carried over do not count again. */
export interface StepStats {
  name: string;
  completed: number;
  failed: number;
  duration: DurationStats;
}

/** `GET {base}/stats?type=&since=`: the jobs that ended at or after `since`. */
export interface JobStats {
  since: Instant;
  ended: number;
  completed: number;
  failed: number;
  cancelled: number;
  /** 0-1. */
  failureRate: number;
  /** 0-1. */
  cancellationRate: number;
  /** How long the completed jobs took. */
  duration: DurationStats;
  /** By name, alphabetically. */
  steps: StepStats[];
}

/** Why the server refused a retry (the 409's `reason`). */
export type RetryRefusal = 'active' | 'completed' | 'not_retryable' | 'key_busy' | 'parent_closed';

/** What the promises of this module reject with when the server answers an error. */
export interface HeadwayError extends Error {
  /** The HTTP status. */
  status?: number;
  /** retryJob only: why the retry was refused. */
  reason?: RetryRefusal;
}

/** `GET {base}/jobs?...` */
export interface JobList {
  jobs: JobSnapshot[];
}

/** Every error answer of the endpoints. */
export interface ErrorBody {
  error: string;
  /** POST /jobs/{id}/retry's 409 only. */
  reason?: RetryRefusal;
}

/** What a watch tells; every handler is optional and one that throws does not stop the others. */
export interface JobHandlers {
  /** Every new state, the first one included (after a reload: the remembered one, at once). */
  update?(job: JobSnapshot, type: JobEventType): void;
  /** The job completed, failed or was cancelled; called after the last update. */
  end?(job: JobSnapshot): void;
  /** watchJob only: the job does not exist, or the caller may not read it (the server does not say which). */
  error?(message: string): void;
  /**
   * Each log line logged after the watch's stream began, once, in order (the lines before: {@link fetchLog}).
   * Not with the long-poll fallback (no EventSource): read {@link fetchLog} there.
   */
  log?(line: LogLine): void;
}

/** A custom notification for an ended job; false shows none. */
export type NotifyText = (job: JobSnapshot) => { title?: string; body?: string } | false | null | undefined;

export interface WatchOptions {
  /**
   * Show a system notification when the job ends while the page is hidden. Needs the user's permission, asked
   * with {@link enableNotifications} from a click. A function chooses the text.
   */
  notify?: boolean | NotifyText;
}

/** A running watch. */
export interface Watch {
  /** Stops this watch; the browser's connection drops the job at its next change of watch set. */
  close(): void;
}

/** Watches one job until it ends. */
export function watchJob(baseUrl: string, id: string, handlers?: JobHandlers, options?: WatchOptions): Watch;

/** Watches every job of the caller: current ones, new ones and their ends. */
export function watchAll(baseUrl: string, handlers?: JobHandlers, options?: WatchOptions): Watch;

/** Watches again every job this browser watched under baseUrl that had not ended (after a reload). */
export function resumeWatched(baseUrl: string, handlers?: JobHandlers, options?: WatchOptions): Watch[];

/** Asks for a job to be cancelled; resolves to its state, rejects with the server's message. */
export function cancelJob(baseUrl: string, id: string, reason?: string): Promise<JobSnapshot>;

/**
 * Retries a failed or cancelled job as a new attempt; resolves to the attempt (the running one when asked twice),
 * rejects with a {@link HeadwayError} whose `reason` says why a retry was refused.
 */
export function retryJob(baseUrl: string, id: string): Promise<JobSnapshot>;

/** Reads a job's log lines numbered above `after` (default 0: all it keeps), oldest first. */
export function fetchLog(baseUrl: string, id: string, after?: number): Promise<LogLine[]>;

/** Reads the numbers of the caller's ended jobs; `since` is an ISO-8601 instant or duration (`P7D`, the default). */
export function fetchStats(baseUrl: string, options?: { type?: string; since?: string }): Promise<JobStats>;

/** Asks the user whether this site may show notifications; call it from a click. */
export function enableNotifications(): Promise<NotificationPermission | 'unsupported'>;

/** The same as {@link JobHandlers}. */
export type Handlers = JobHandlers;
