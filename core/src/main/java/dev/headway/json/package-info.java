/**
 * The JSON wire form of a {@link dev.headway.JobSnapshot} and a {@link dev.headway.JobEvent}.
 *
 * <p>{@link dev.headway.json.JobJson} writes and reads the form with Jackson's streaming API (no intermediate
 * tree); {@link dev.headway.json.HeadwayJsonModule} plugs the same form into a host's {@code ObjectMapper}.
 *
 * <p>A snapshot is one JSON object with these fields, always all of them, always in this order, with an explicit
 * {@code null} where a value is unknown:
 *
 * <pre>{@code
 * {
 *   "id": "…", "type": "article", "owner": "alice", "tenant": null, "parentId": null,
 *   "status": "running",                       // queued | running | completed | failed | cancelled
 *   "percent": 42.5, "message": "Writing", "step": "writing",
 *   "steps": [ { "name": "writing", "weight": 2.0,
 *                "status": "running",            // pending | running | completed | failed | skipped
 *                "percent": 40.0, "done": 4, "total": 10, "message": null,
 *                "startedAt": "2026-01-01T00:00:01.250Z", "completedAt": null, "error": null } ],
 *   "done": 4, "total": 10,
 *   "children": null,                          // or { "total", "queued", "running", "completed", "failed", "cancelled" }
 *   "eta": { "remainingMs": 12000, "at": "2026-01-01T00:01:00Z", "confidence": "medium",  // low | medium | high
 *            "remainingMsLow": 9000, "remainingMsHigh": 18000 },  // optional: the likely range, ms left
 *   "elapsedMs": 48000, "stalled": false,
 *   "createdAt": "2026-01-01T00:00:00Z", "startedAt": "2026-01-01T00:00:00.500Z",
 *   "updatedAt": "2026-01-01T00:00:48.500Z", "completedAt": null,
 *   "error": { "message": "…", "step": "writing", "at": "…" },
 *   "result": { "any": "JSON value, embedded as is" },
 *   "cancelRequested": false, "cancelReason": null,
 *   "attributes": { "topic": "Solar power" },
 *   "version": 17
 * }
 * }</pre>
 *
 * <p>Times are ISO-8601 instants in UTC ({@link java.time.Instant#toString()} form); {@code done}, {@code total},
 * {@code elapsedMs}, {@code remainingMs} (and its range, {@code remainingMsLow} ≤ {@code remainingMs} ≤
 * {@code remainingMsHigh}, optional: a reader that gets none takes {@code remainingMs} for both) and {@code version}
 * are integers; {@code percent} and {@code weight}
 * are numbers. An event is {@code {"type": "progress", "job": {…}}}, the type in its lower-case wire form.
 *
 * <p>Reading is strict about what it knows and lenient about what it does not: a missing required field
 * ({@code id, type, owner, status, createdAt, updatedAt, version}), a value of the wrong type, an unknown enum
 * value or malformed JSON is refused with a {@link dev.headway.json.JobJsonException} naming the field, while
 * fields it does not know are skipped, so an older reader accepts what a newer writer adds.
 */
package dev.headway.json;
