package io.mfrecommender.system;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The request with its body received in full (in memory or in a file), as {@link BodyReader} dispatches it. */
final class BodyRequest extends HttpServletRequestWrapper {

    private final BodySinks.Body body;

    BodyRequest(HttpServletRequest request, BodySinks.Body body) {
        super(request);
        this.body = body;
    }

    @Override
    public int getContentLength() {
        return body.length() > Integer.MAX_VALUE ? -1 : (int) body.length();
    }

    @Override
    public long getContentLengthLong() {
        return body.length();
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        InputStream bytes = body.open();
        return new ServletInputStream() {
            private boolean finished;

            @Override
            public int read() throws IOException {
                int b = bytes.read();
                finished = b < 0;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = bytes.read(b, off, len);
                finished = n < 0;
                return n;
            }

            @Override
            public boolean isFinished() {
                return finished;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("the body has been read already");
            }

            @Override
            public void close() throws IOException {
                bytes.close();
            }
        };
    }

    @Override
    public BufferedReader getReader() throws IOException {
        String encoding = getCharacterEncoding();
        return new BufferedReader(new InputStreamReader(
                body.open(), encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
    }
}
