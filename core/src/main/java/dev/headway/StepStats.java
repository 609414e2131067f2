package dev.headway;

/**
 * How one step of the jobs in a {@link JobStats} went: steps that ran in an attempt count once; steps a retry
 * carried over do not count again.
 *
 * @param name the step's name
 * @param completed how many times it completed
 * @param failed how many times it failed
 * @param duration how long it took when it completed
 */
public record StepStats(String name, long completed, long failed, DurationStats duration) {}
