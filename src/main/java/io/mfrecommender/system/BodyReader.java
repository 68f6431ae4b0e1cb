package io.mfrecommender.system;

import io.mfrecommender.api.ProblemTypes;
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
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every request body in full before a request thread handles it, without holding a thread
 * while the bytes arrive: the read is non-blocking (Servlet async I/O), so a client that sends a
 * byte a second costs a connection, not one of the few request threads. The body is bounded in
 * bytes actually received ({@code recommender.serving.max-body-bytes}: 413 for a declared length
 * over it at once, and for a chunked body as soon as it passes it) and in time
 * ({@code recommender.serving.body-timeout}: 408). Then the request is dispatched with its body
 * in memory. In a mock servlet container (slice tests) the body is read in place, with the same bound.
 */
final class BodyReader implements Filter {

    private static final Logger log = LoggerFactory.getLogger(BodyReader.class);
    private static final String BODY = BodyReader.class.getName() + ".body";

    /** The most a body may have, and the setting that says so. */
    record Limit(long bytes, String setting) {}

    private final Limit limit;
    private final long timeoutMillis;
    /** Paths with their own limit (model uploads), by exact path. */
    private final Map<String, Limit> larger;

    BodyReader(long maxBytes, long timeoutMillis) {
        this(maxBytes, timeoutMillis, Map.of());
    }

    BodyReader(long maxBytes, long timeoutMillis, Map<String, Limit> larger) {
        this.limit = new Limit(maxBytes, "recommender.serving.max-body-bytes");
        this.timeoutMillis = timeoutMillis;
        this.larger = Map.copyOf(larger);
    }

    private Limit limitFor(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return larger.getOrDefault(path, limit);
    }

    static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getDispatcherType() == DispatcherType.ASYNC && request.getAttribute(BODY) instanceof byte[] body) {
            request.removeAttribute(BODY);
            chain.doFilter(new BufferedRequest(request, body), response);
            return;
        }
        if (request.getDispatcherType() != DispatcherType.REQUEST || !hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        Limit limit = limitFor(request);
        long maxBytes = limit.bytes();
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(request, response, declared + " bytes", limit);
            return;
        }
        if (!request.isAsyncSupported()
                || !request.getServletContext().getServerInfo().startsWith("Apache Tomcat")) {
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                tooLarge(request, response, "more than " + maxBytes + " bytes", limit);
                return;
            }
            chain.doFilter(new BufferedRequest(request, body), response);
            return;
        }
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(timeoutMillis);
        AtomicBoolean finished = new AtomicBoolean();
        ServletInputStream in = request.getInputStream();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
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
                                    + "(recommender.serving.body-timeout)",
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

            @Override
            public void onComplete(AsyncEvent event) {}

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
                    buffer.write(chunk, 0, n);
                    if (buffer.size() > maxBytes && finished.compareAndSet(false, true)) {
                        tooLarge(request, response, "more than " + maxBytes + " bytes", limit);
                        async.complete();
                        return;
                    }
                }
            }

            @Override
            public void onAllDataRead() {
                if (finished.compareAndSet(false, true)) {
                    request.setAttribute(BODY, buffer.toByteArray());
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

    /** The request with its body already in memory. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return bytes.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body has been read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(
                    new ByteArrayInputStream(body),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }
}
