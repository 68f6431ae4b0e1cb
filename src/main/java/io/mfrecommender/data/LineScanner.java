package io.mfrecommender.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Hands out the lines of a stream as byte ranges of one reused buffer, so that parsing a
 * million-line file allocates no object per line. Accepts {@code \n} and {@code \r\n} endings.
 */
final class LineScanner {

    /** Longest line accepted: rating and catalog lines are tens of bytes; anything longer is not such a file. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int limit;
    private int position;
    private boolean eof;

    private int lineStart;
    private int lineEnd;
    private long lineNumber;

    LineScanner(InputStream in) {
        this.in = in;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    setLine(position, i);
                    position = i + 1;
                    return true;
                }
            }
            if (eof) {
                if (position < limit) {
                    setLine(position, limit);
                    position = limit;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    byte[] buffer() {
        return buffer;
    }

    int start() {
        return lineStart;
    }

    int end() {
        return lineEnd;
    }

    long lineNumber() {
        return lineNumber;
    }

    boolean isBlank() {
        for (int i = lineStart; i < lineEnd; i++) {
            if (buffer[i] != ' ' && buffer[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private void setLine(int start, int end) {
        // A UTF-8 byte order mark, as some editors write, is not part of the first line's content.
        boolean bom = lineNumber == 0
                && end - start >= 3
                && buffer[start] == (byte) 0xEF
                && buffer[start + 1] == (byte) 0xBB
                && buffer[start + 2] == (byte) 0xBF;
        lineStart = bom ? start + 3 : start;
        lineEnd = end > lineStart && buffer[end - 1] == '\r' ? end - 1 : end;
        lineNumber++;
    }

    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            if (buffer.length >= MAX_LINE_BYTES) {
                throw new IOException("line " + (lineNumber + 1) + " is longer than " + MAX_LINE_BYTES
                        + " bytes; this is not a ratings file");
            }
            buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_LINE_BYTES));
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            eof = true;
        } else {
            limit += read;
        }
    }
}
