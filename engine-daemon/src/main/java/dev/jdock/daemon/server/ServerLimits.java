package dev.jdock.daemon.server;

import java.time.Duration;

/**
 * What one client can make the API server spend. The defaults keep Docker's long requests working (each {@code wait},
 * {@code logs -f}, {@code events}, {@code stats} stream and attach holds a worker for as long as it runs) while a
 * flood of requests, stalled uploads or oversized bodies meets a bound instead of exhausting threads or memory.
 *
 * @param maxWorkers requests whose handlers run or wait at most (beyond get 503); a request waits for a thread only
 *     while a few short handlers run ({@link WorkerPool}), never behind streams and long polls
 * @param idleTimeout a connection with no request in progress is closed when no complete request head arrived
 *     within this time (also bounds a head sent byte by byte)
 * @param bodyStallTimeout a request body from which no byte arrived for this long while the server was reading fails
 *     (the handler sees an IOException) and the connection is closed
 * @param maxJsonBody a JSON request body larger than this is answered 413 (2 MiB: Linux passes at most about that
 *     much argv and environment to a process, the largest thing a real create or exec body carries)
 * @param jsonBudget JSON body bytes held by all requests in progress together (their parsed objects live as long as
 *     the request, and take up to 13 times their JSON size on the heap: measured with a 2 MiB array of one-letter
 *     strings); a request that finds none left within {@link #JSON_BUDGET_WAIT} gets 503
 * @param maxInitialLine the request line (method, URL, version) at most; longer gets 414
 * @param maxHeaderSize the header block at most; larger gets 431
 * @param drainMax after a response, unread body bytes up to this are read and dropped to keep the connection; beyond,
 *     the connection is closed (Go's net/http: 256 KiB)
 * @param maxConnections open connections at most; beyond, the oldest one without a running handler is closed
 *     ({@link ConnectionBudget}; an idle connection costs about 2.5 KB of heap)
 * @param maxHeldBytes request heads and small bodies held together by connections whose handler has not started;
 *     beyond, the connection that has held bytes the longest is closed (a stalled head may hold 128 KiB of direct
 *     memory: a few thousand of them exhausted the daemon's direct memory and wedged its event loops)
 */
public record ServerLimits(int maxWorkers, Duration idleTimeout, Duration bodyStallTimeout, int maxJsonBody,
        int jsonBudget, int maxInitialLine, int maxHeaderSize, int drainMax, int maxConnections, long maxHeldBytes) {
    public static final ServerLimits DEFAULTS = new ServerLimits(512, Duration.ofSeconds(120), Duration.ofSeconds(120),
            2 << 20, 4 << 20, 64 << 10, 64 << 10, 256 << 10, 4096, 16 << 20);
    static final Duration JSON_BUDGET_WAIT = Duration.ofSeconds(10);
    /**
     * A body of at most this declared length is collected before its handler starts (a stalled small body, as a JSON
     * body, holds no thread); a larger or chunked one is streamed, its handler starting with its first byte.
     */
    static final int SMALL_BODY = 16 << 10;

    public ServerLimits {
        if (maxWorkers < 1 || maxJsonBody < 1 || jsonBudget < maxJsonBody || maxInitialLine < 1 || maxHeaderSize < 1
                || drainMax < 0 || maxConnections <= maxWorkers || maxHeldBytes < SMALL_BODY) {
            throw new IllegalArgumentException("invalid server limits " + maxWorkers + "/" + maxJsonBody + "/"
                    + jsonBudget + "/" + maxInitialLine + "/" + maxHeaderSize + "/" + drainMax + "/" + maxConnections
                    + "/" + maxHeldBytes);
        }
    }

    public ServerLimits withMaxWorkers(int n) {
        return new ServerLimits(n, idleTimeout, bodyStallTimeout, maxJsonBody, jsonBudget, maxInitialLine,
                maxHeaderSize, drainMax, maxConnections, maxHeldBytes);
    }

    public ServerLimits withTimeouts(Duration idle, Duration bodyStall) {
        return new ServerLimits(maxWorkers, idle, bodyStall, maxJsonBody, jsonBudget, maxInitialLine, maxHeaderSize,
                drainMax, maxConnections, maxHeldBytes);
    }

    public ServerLimits withJson(int maxBody, int budget) {
        return new ServerLimits(maxWorkers, idleTimeout, bodyStallTimeout, maxBody, budget, maxInitialLine,
                maxHeaderSize, drainMax, maxConnections, maxHeldBytes);
    }

    public ServerLimits withConnections(int max, long heldBytes) {
        return new ServerLimits(maxWorkers, idleTimeout, bodyStallTimeout, maxJsonBody, jsonBudget, maxInitialLine,
                maxHeaderSize, drainMax, max, heldBytes);
    }
}
