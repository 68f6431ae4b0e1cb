package io.mfrecommender;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Records every exchange an integration test has with the service it starts in process, so that
 * {@link ContractCheck} can check them all against the served document (#33). Registered for every
 * {@code @SpringBootTest} by {@code META-INF/spring/...AutoConfiguration.imports} in the test
 * resources; it never changes what passes through: the request and response bodies are copied as
 * they flow (up to {@link #KEPT} bytes each), the status and headers read when the exchange ends
 * (at the end of the request, of its error page, or of its asynchronous part).
 */
@AutoConfiguration
public class ContractRecording {

    static final int KEPT = 1 << 20;

    private final List<Exchange> exchanges = new ArrayList<>();

    /** One request and its answer as they were seen; filled in while the request runs. */
    static final class Exchange {
        final String method;
        final String pathAndQuery;
        final String requestContentType;
        final ByteArrayOutputStream request = new ByteArrayOutputStream();
        final ByteArrayOutputStream response = new ByteArrayOutputStream();
        long requestBytes;
        long responseBytes;
        int status;
        Map<String, String> headers = Map.of();

        Exchange(HttpServletRequest request) {
            this.method = request.getMethod();
            this.pathAndQuery =
                    request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            this.requestContentType = request.getContentType();
        }

        synchronized void ended(HttpServletResponse answer) {
            status = answer.getStatus();
            Map<String, String> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            answer.getHeaderNames().forEach(name -> seen.put(name, answer.getHeader(name)));
            if (answer.getContentType() != null) {
                seen.put("Content-Type", answer.getContentType());
            }
            headers = seen;
        }

        synchronized void checkWith(ContractValidator contract) {
            // JSON documents only: an NDJSON file (a bulk catalogue load) is lines of JSON, not one.
            String requestJson = requestContentType != null
                            && requestContentType.contains("json")
                            && !requestContentType.contains("ndjson")
                            && requestBytes > 0
                            && requestBytes <= KEPT
                    ? request.toString(StandardCharsets.UTF_8)
                    : null;
            Object body = responseBytes == 0
                    ? null
                    : responseBytes <= KEPT
                                    && headers.getOrDefault("Content-Type", "").contains("json")
                            ? response.toString(StandardCharsets.UTF_8)
                            : response.toByteArray();
            contract.check(
                    method, pathAndQuery, requestJson, status, name -> Optional.ofNullable(headers.get(name)), body);
        }

        private static void copy(ByteArrayOutputStream kept, long seen, byte[] bytes, int offset, int length) {
            int room = (int) Math.max(0, Math.min(length, KEPT - seen));
            kept.write(bytes, offset, room);
        }

        synchronized void requestRead(byte[] bytes, int offset, int length) {
            copy(request, requestBytes, bytes, offset, length);
            requestBytes += length;
        }

        synchronized void responseWritten(byte[] bytes, int offset, int length) {
            copy(response, responseBytes, bytes, offset, length);
            responseBytes += length;
        }
    }

    @Bean
    FilterRegistrationBean<Filter> contractRecordingFilter() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(this::filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** Every exchange recorded since the last call, in order. */
    synchronized List<Exchange> drain() {
        List<Exchange> drained = List.copyOf(exchanges);
        exchanges.clear();
        return drained;
    }

    void filter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String key = Exchange.class.getName();
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            // The error page of a request already recorded: its body and final status belong to it.
            if (request.getAttribute(key) instanceof Exchange exchange) {
                TeeResponse tee = new TeeResponse(response, exchange);
                try {
                    chain.doFilter(request, tee);
                } finally {
                    tee.flushWriter();
                    exchange.ended(response);
                }
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        Exchange exchange = new Exchange(request);
        request.setAttribute(key, exchange);
        synchronized (this) {
            exchanges.add(exchange);
        }
        TeeResponse tee = new TeeResponse(response, exchange);
        try {
            chain.doFilter(new TeeRequest(request, exchange), tee);
        } finally {
            tee.flushWriter();
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        tee.flushWriter();
                        exchange.ended(response);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {}

                    @Override
                    public void onError(AsyncEvent event) {}

                    @Override
                    public void onStartAsync(AsyncEvent event) {}
                });
            } else {
                exchange.ended(response);
            }
        }
    }

    /** A request whose body is copied into its exchange as the service reads it. */
    private static final class TeeRequest extends HttpServletRequestWrapper {
        private final Exchange exchange;
        private ServletInputStream in;

        TeeRequest(HttpServletRequest request, Exchange exchange) {
            super(request);
            this.exchange = exchange;
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                ServletInputStream source = super.getInputStream();
                in = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        int b = source.read();
                        if (b >= 0) {
                            exchange.requestRead(new byte[] {(byte) b}, 0, 1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] bytes, int offset, int length) throws IOException {
                        int n = source.read(bytes, offset, length);
                        if (n > 0) {
                            exchange.requestRead(bytes, offset, n);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return source.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return source.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        source.setReadListener(listener);
                    }
                };
            }
            return in;
        }
    }

    /** A response whose body is copied into its exchange as the service writes it. */
    private static final class TeeResponse extends HttpServletResponseWrapper {
        private final Exchange exchange;
        private ServletOutputStream out;
        private PrintWriter writer;

        TeeResponse(HttpServletResponse response, Exchange exchange) {
            super(response);
            this.exchange = exchange;
        }

        @Override
        public synchronized ServletOutputStream getOutputStream() throws IOException {
            if (out == null) {
                ServletOutputStream target = super.getOutputStream();
                out = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        target.write(b);
                        exchange.responseWritten(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        target.write(bytes, offset, length);
                        exchange.responseWritten(bytes, offset, length);
                    }

                    @Override
                    public void flush() throws IOException {
                        target.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        target.close();
                    }

                    @Override
                    public boolean isReady() {
                        return target.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        target.setWriteListener(listener);
                    }
                };
            }
            return out;
        }

        @Override
        public synchronized PrintWriter getWriter() throws IOException {
            if (writer == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            flushWriter();
            super.flushBuffer();
        }

        synchronized void flushWriter() {
            if (writer != null) {
                writer.flush();
            }
        }
    }
}
