// headway.d.ts: TypeScript declarations for headway.js (served beside it as /headway.d.ts).

/** A job's state, as every endpoint and event sends it. */
export interface JobSnapshot {
  id: string;
  type: string;
  owner: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  percent: number;
  version: number;
  [field: string]: unknown;
}

export interface Handlers {
  update?(job: JobSnapshot, type: string): void;
  end?(job: JobSnapshot): void;
  error?(message: string): void;
}

export interface Watch {
  close(): void;
}

export function watchJob(baseUrl: string, id: string, handlers?: Handlers): Watch;
export function watchAll(baseUrl: string, handlers?: Handlers): Watch;
export function resumeWatched(baseUrl: string, handlers?: Handlers): Watch[];
export function cancelJob(baseUrl: string, id: string, reason?: string): Promise<JobSnapshot | null>;
