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
}

/** `GET {base}/jobs?...` */
export interface JobList {
  jobs: JobSnapshot[];
}

/** Every error answer of the endpoints. */
export interface ErrorBody {
  error: string;
}

/** What a watch tells; every handler is optional and one that throws does not stop the others. */
export interface JobHandlers {
  /** Every new state, the first one included (after a reload: the remembered one, at once). */
  update?(job: JobSnapshot, type: JobEventType): void;
  /** The job completed, failed or was cancelled; called after the last update. */
  end?(job: JobSnapshot): void;
  /** watchJob only: the job does not exist, or the caller may not read it (the server does not say which). */
  error?(message: string): void;
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

/** Asks the user whether this site may show notifications; call it from a click. */
export function enableNotifications(): Promise<NotificationPermission | 'unsupported'>;

/** The same as {@link JobHandlers}. */
export type Handlers = JobHandlers;
