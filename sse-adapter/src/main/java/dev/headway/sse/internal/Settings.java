package dev.headway.sse.internal;

import dev.headway.JobFilter;
import dev.headway.ProgressTracker;
import dev.headway.sse.RequestView;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Everything the endpoints were built with; checked and defaulted by the public builder.
 *
 * @param tracker the tracker the endpoints show
 * @param principal tells who the caller is; null means anonymous
 * @param jobScope the jobs a caller's list and all-jobs stream look through; null means none
 * @param heartbeatInterval how often an open stream gets a comment
 * @param retry the base reconnection delay hinted to clients; each stream adds up to as much again at random
 * @param progressInterval the least time between two progress events of one job on one stream
 * @param maxStreamsPerPrincipal open streams and waiting long-polls one caller may hold
 * @param maxStreams open streams and waiting long-polls the endpoints hold in all
 * @param maxWait the longest a long-poll waits
 * @param clock the clock for rate limits and stall checks
 * @param scheduler runs heartbeats, delayed progress and long-poll timeouts
 * @param executor writes to blocking streams, heartbeats and delayed progress, and answers long-polls
 */
public record Settings(
    ProgressTracker tracker,
    Function<RequestView, String> principal,
    Function<String, JobFilter> jobScope,
    Duration heartbeatInterval,
    Duration retry,
    Duration progressInterval,
    int maxStreamsPerPrincipal,
    int maxStreams,
    Duration maxWait,
    Clock clock,
    ScheduledExecutorService scheduler,
    Executor executor) {}
