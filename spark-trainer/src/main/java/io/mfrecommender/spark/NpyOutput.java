package io.mfrecommender.spark;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one NumPy {@code .npy} array (format 1.0, little-endian, C order) to a stream, row by row,
 * so a factor matrix goes from Spark's iterator to the file without being held whole: float32
 * ({@code <f4}) for factors and biases, int64 ({@code <i8}) for ids. The shape is given first.
 * The header is padded to a multiple of 64 bytes, as NumPy writes it and the service reads it.
 */
final class NpyOutput implements AutoCloseable {

    private final DataOutputStream out;
    private final long expected;
    private long written;

    private NpyOutput(OutputStream out, String descr, long[] shape) throws IOException {
        this.out = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
        long count = 1;
        for (long dimension : shape) {
            count *= dimension;
        }
        this.expected = count;
        String dims = shape.length == 1 ? shape[0] + "," : shape[0] + ", " + shape[1];
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = 6 + 2 + 2 + dict.length() + 1;
        String text = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        this.out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        this.out.write(text.length() & 0xff);
        this.out.write(text.length() >>> 8);
        this.out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static NpyOutput floats(OutputStream out, long... shape) throws IOException {
        return new NpyOutput(out, "<f4", shape);
    }

    static NpyOutput longs(OutputStream out, long length) throws IOException {
        return new NpyOutput(out, "<i8", new long[] {length});
    }

    void write(float value) throws IOException {
        out.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(value)));
        written++;
    }

    void write(float[] values) throws IOException {
        for (float value : values) {
            write(value);
        }
    }

    void write(long value) throws IOException {
        out.writeLong(Long.reverseBytes(value));
        written++;
    }

    /** Closes the file; fails if fewer or more values were written than the shape holds. */
    @Override
    public void close() throws IOException {
        out.close();
        if (written != expected) {
            throw new IOException("wrote " + written + " values for a shape of " + expected);
        }
    }
}
