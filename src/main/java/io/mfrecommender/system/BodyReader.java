package io.mfrecommender.system;

import io.mfrecommender.api.ProblemTypes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every request body in full before a request thread handles it, without holding a thread
 * while the bytes arrive: the read is non-blocking (Servlet async I/O), so a client that sends a
 * byte a second costs a connection, not one of the few request threads. The body is bounded in
 * bytes actually received ({@code recommender.http.max-body-bytes}: 413 for a declared length
 * over it at once, and for a chunked body as soon as it passes it) and in time
 * ({@code recommender.http.body-timeout}: 408). Then the request is dispatched with its body
 * in memory. In a mock servlet container (slice tests) the body is read in place, with the same bounds.
 *
 * <p>Memory is bounded across requests too: the bodies held at once share
 * {@code recommender.http.max-buffered-body-bytes}, and a body that would pass it is answered 503
 * with {@code Retry-After} ({@code /problems/server-busy}) instead of being read. Uploads (paths given
 * a {@link Spool}) never enter memory: each is written to a file in the spool directory as it
 * arrives and read from there, at most {@link Spool#concurrent} at once (one more: 503 at once); the
 * file is removed when the request ends.
 */
final class BodyReader implements Filter {

    private static final Logger log = LoggerFactory.getLogger(BodyReader.class);
    private static final String BODY = BodyReader.class.getName() + ".body";

    /** The most a body may have, and the setting that says so. */
    record Limit(long bytes, String setting) {}

    /**
     * A path whose bodies go to files: their limit, where the files go, how many at once.
     *
     * @param directory created when first needed; on the disk the upload is meant for
     */
    record Spool(Limit limit, Path directory, int concurrent, String concurrentSetting) {}

    private final Limit limit;
    private final long timeoutMillis;
    private final long maxBuffered;
    private final int retryAfterSeconds;
    /** Bytes of bodies held in memory now, by all requests. */
    private final AtomicLong buffered = new AtomicLong();
    /** Paths whose bodies are spooled to files, by exact path, and their permits. */
    private final Map<String, Spool> spools;

    private final Map<String, Semaphore> permits = new HashMap<>();

    BodyReader(long maxBytes, long timeoutMillis) {
        this(maxBytes, timeoutMillis, Long.MAX_VALUE, 5, Map.of(), null);
    }

    /**
     * @param maxBuffered bytes of bodies all requests together may hold in memory
     * @param meters      where the gauges of buffered bytes and uploads go; null: none
     */
    BodyReader(
            long maxBytes,
            long timeoutMillis,
            long maxBuffered,
            int retryAfterSeconds,
            Map<String, Spool> spools,
            MeterRegistry meters) {
        this.limit = new Limit(maxBytes, "recommender.http.max-body-bytes");
        this.timeoutMillis = timeoutMillis;
        this.maxBuffered = maxBuffered;
        this.retryAfterSeconds = retryAfterSeconds;
        this.spools = Map.copyOf(spools);
        spools.forEach((path, spool) -> permits.put(path, new Semaphore(spool.concurrent())));
        if (meters != null) {
            Gauge.builder("recommender.http.body.buffered", buffered, AtomicLong::get)
                    .description("Bytes of request bodies held in memory now, by all requests")
                    .baseUnit("bytes")
                    .register(meters);
            permits.forEach((path, semaphore) -> Gauge.builder(
                            "recommender.http.uploads.active",
                            semaphore,
                            s -> spools.get(path).concurrent() - s.availablePermits())
                    .description("Uploads being received or read now")
                    .tag("path", path)
                    .register(meters));
        }
    }

    private String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getDispatcherType() == DispatcherType.ASYNC
                && request.getAttribute(BODY) instanceof BodySinks.Body body) {
            request.removeAttribute(BODY);
            chain.doFilter(new BodyRequest(request, body), response);
            return;
        }
        if (request.getDispatcherType() != DispatcherType.REQUEST || !hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        String path = pathOf(request);
        Spool spool = spools.get(path);
        Limit limit = spool == null ? this.limit : spool.limit();
        long declared = request.getContentLengthLong();
        if (declared > limit.bytes()) {
            tooLarge(request, response, declared + " bytes", limit);
            return;
        }
        BodySinks.Sink sink;
        if (spool != null) {
            if (!permits.get(path).tryAcquire()) {
                busy(
                        request,
                        response,
                        spool.concurrent() + " uploads are being received or read, the most " + "at once ("
                                + spool.concurrentSetting() + ")");
                return;
            }
            try {
                sink = new BodySinks.FileSink(spool.directory(), permits.get(path));
            } catch (IOException e) {
                permits.get(path).release();
                log.warn("Could not spool an upload: {}", e.toString());
                unavailable(request, response, "the upload cannot be stored on the models disk now");
                return;
            }
        } else {
            sink = new BodySinks.MemorySink(declared, buffered, maxBuffered);
            if (!sink.reserve(Math.max(declared, 0))) {
                busy(
                        request,
                        response,
                        "request bodies in memory are at their bound " + "(recommender.http.max-buffered-body-bytes)");
                return;
            }
        }
        if (!request.isAsyncSupported()
                || !request.getServletContext().getServerInfo().startsWith("Apache Tomcat")) {
            readInPlace(request, response, chain, limit, sink);
            return;
        }
        readAsync(request, response, limit, sink);
    }

    /** A mock container's body, read on the calling thread with the same bounds. */
    private void readInPlace(
            HttpServletRequest request,
            HttpServletResponse response,
            FilterChain chain,
            Limit limit,
            BodySinks.Sink sink)
            throws IOException, ServletException {
        try {
            byte[] chunk = new byte[8192];
            InputStream in = request.getInputStream();
            for (int n; (n = in.read(chunk)) >= 0; ) {
                if (sink.size() + n > limit.bytes()) {
                    tooLarge(request, response, "more than " + limit.bytes() + " bytes", limit);
                    return;
                }
                if (!sink.write(chunk, n)) {
                    busy(
                            request,
                            response,
                            "request bodies in memory are at their bound "
                                    + "(recommender.http.max-buffered-body-bytes)");
                    return;
                }
            }
            chain.doFilter(new BodyRequest(request, sink.finish()), response);
        } finally {
            sink.release();
        }
    }

    private void readAsync(HttpServletRequest request, HttpServletResponse response, Limit limit, BodySinks.Sink sink)
            throws IOException {
        long maxBytes = limit.bytes();
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(timeoutMillis);
        AtomicBoolean finished = new AtomicBoolean();
        ServletInputStream in = request.getInputStream();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) throws IOException {
                if (finished.compareAndSet(false, true)) {
                    response.setHeader("Connection", "close");
                    ProblemBodies.write(
                            response,
                            408,
                            ProblemTypes.BODY_TIMEOUT,
                            "Request body too slow",
                            "the request body did not arrive within " + timeoutMillis + " ms "
                                    + "(recommender.http.body-timeout)",
                            request.getRequestURI(),
                            Map.of());
                    async.complete();
                }
            }

            @Override
            public void onError(AsyncEvent event) {
                if (finished.compareAndSet(false, true)) {
                    async.complete();
                }
            }

            /** The request is over, answered or not: its bytes, file and permit go back. */
            @Override
            public void onComplete(AsyncEvent event) {
                sink.release();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {}
        });
        in.setReadListener(new ReadListener() {
            private final byte[] chunk = new byte[8192];

            @Override
            public void onDataAvailable() throws IOException {
                while (!finished.get() && in.isReady()) {
                    int n = in.read(chunk);
                    if (n < 0) {
                        return;
                    }
                    if (sink.size() + n > maxBytes) {
                        if (finished.compareAndSet(false, true)) {
                            tooLarge(request, response, "more than " + maxBytes + " bytes", limit);
                            async.complete();
                        }
                        return;
                    }
                    boolean kept;
                    try {
                        kept = sink.write(chunk, n);
                    } catch (IOException e) {
                        if (finished.compareAndSet(false, true)) {
                            log.warn("Could not spool an upload: {}", e.toString());
                            unavailable(request, response, "the upload cannot be stored on the models disk now");
                            async.complete();
                        }
                        return;
                    }
                    if (!kept) {
                        if (finished.compareAndSet(false, true)) {
                            busy(
                                    request,
                                    response,
                                    "request bodies in memory are at their bound "
                                            + "(recommender.http.max-buffered-body-bytes)");
                            async.complete();
                        }
                        return;
                    }
                }
            }

            @Override
            public void onAllDataRead() throws IOException {
                if (finished.compareAndSet(false, true)) {
                    request.setAttribute(BODY, sink.finish());
                    async.dispatch();
                }
            }

            @Override
            public void onError(Throwable t) {
                // The client went away or the body framing broke: nobody to answer.
                log.debug("Request body read failed: {}", t.toString());
                if (finished.compareAndSet(false, true)) {
                    async.complete();
                }
            }
        });
    }

    private void busy(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
        unavailable(
                request,
                response,
                ProblemTypes.SERVER_BUSY,
                "Server busy",
                why + "; retry after " + retryAfterSeconds + " s");
    }

    private void unavailable(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
        unavailable(request, response, ProblemTypes.STORAGE_UNAVAILABLE, "Storage unavailable", why);
    }

    private void unavailable(
            HttpServletRequest request, HttpServletResponse response, URI type, String title, String why)
            throws IOException {
        response.setHeader("Connection", "close");
        response.setHeader("Retry-After", Integer.toString(retryAfterSeconds));
        ProblemBodies.write(response, 503, type, title, why, request.getRequestURI(), Map.of());
    }

    private static void tooLarge(HttpServletRequest request, HttpServletResponse response, String size, Limit limit)
            throws IOException {
        response.setHeader("Connection", "close");
        ProblemBodies.write(
                response,
                413,
                ProblemTypes.BODY_TOO_LARGE,
                "Request body too large",
                "the request body has " + size + "; at most " + limit.bytes() + " are accepted (" + limit.setting()
                        + ")",
                request.getRequestURI(),
                Map.of("maxBytes", limit.bytes()));
    }
}
