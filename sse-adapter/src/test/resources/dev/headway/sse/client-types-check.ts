// Uses the declarations as a TypeScript page would; ClientScriptTest compiles it with tsc --strict when tsc is installed.
import { watchJob, watchAll, retryJob, fetchLog, fetchStats, cancelJob } from './headway';
import type { LogLine, JobSnapshot, JobStats, HeadwayError } from './headway';
const w = watchJob('/headway', 'id', {
  update(job: JobSnapshot) { const a: number = job.attempt; const r: string | null = job.retryOf; const s: number = job.logSeq; void a; void r; void s; },
  log(line: LogLine) { const t: string = line.text; const l: 'debug' | 'info' | 'warn' | 'error' = line.level; void t; void l; },
});
w.close();
watchAll('/headway', { log(line) { void line.seq; } });
retryJob('/headway', 'id').then((j) => j.steps.filter((s) => s.carriedOver)).catch((e: HeadwayError) => e.reason === 'key_busy');
fetchLog('/headway', 'id', 3).then((lines) => lines.map((l) => l.seq));
fetchStats('/headway', { since: 'P7D' }).then((s: JobStats) => s.duration.p95Ms + s.steps.length);
fetchStats('/headway');
cancelJob('/headway', 'id');
