/**
 * Micrometer meters for Headway: {@link dev.headway.micrometer.HeadwayMetrics} observes a tracker (jobs started
 * and ended, durations, active jobs, step durations, store calls, sweeps) and, given the endpoints' counts, the live
 * streams.
 */
package dev.headway.micrometer;
