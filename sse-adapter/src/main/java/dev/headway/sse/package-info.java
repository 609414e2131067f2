/**
 * HTTP endpoints for Headway: SSE streams and polling over a {@link dev.headway.ProgressTracker}, served by a
 * Jakarta Servlet 6 container ({@link dev.headway.sse.JobServlet}) or the JDK HttpServer
 * ({@link dev.headway.sse.JobHttpHandler}), and the browser client {@code headway.js}.
 *
 * <p>Start with {@link dev.headway.sse.JobEndpoints#builder}.
 */
package dev.headway.sse;
