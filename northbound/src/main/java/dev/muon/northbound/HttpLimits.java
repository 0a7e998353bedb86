package dev.muon.northbound;

import java.time.Duration;

/**
 * What one HTTP client may hold of the API, so that slow or greedy ones cannot starve the others.
 *
 * @param maxBodyBytes   a larger request body, declared or chunked, answers 413 unread
 * @param bodyDeadline   a body not complete this long after its headers answers 408 (it holds no thread meanwhile)
 * @param idleTimeout    a connection silent this long is closed
 * @param maxConnections beyond this many open connections, new ones wait in the kernel's backlog
 * @param maxThreads     request threads (requests beyond wait in a queue)
 * @param maxHeaderBytes request line and headers; beyond, 431
 * @param maxConnectionsPerAddress beyond this many from one client address, new ones are closed
 * @param requestDeadline a connection that begins no request this long (none in progress) is closed
 */
public record HttpLimits(int maxBodyBytes, Duration bodyDeadline, Duration idleTimeout, int maxConnections,
                         int maxThreads, int maxHeaderBytes, int maxConnectionsPerAddress, Duration requestDeadline) {
    /**
     * 1 MB bodies, 30 s for a body, 30 s idle, 1000 connections, 200 threads, 16 KB of headers, 100
     * connections per client address, 30 s to send a request's headers.
     */
    public static HttpLimits defaults() {
        return new HttpLimits(1 << 20, Duration.ofSeconds(30), Duration.ofSeconds(30), 1000, 200, 16 * 1024,
                100, Duration.ofSeconds(30));
    }
}
