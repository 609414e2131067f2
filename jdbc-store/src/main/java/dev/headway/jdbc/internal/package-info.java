/**
 * The implementation of {@link dev.headway.jdbc.JdbcJobStore}: SQL, row layout, schema scripts and dialects. Not
 * supported for users; it may change in any release.
 */
package dev.headway.jdbc.internal;
