package io.mfrecommender.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy's {@code .npy} format (version 1.0 written; 1.0, 2.0 and 3.0 read), so
 * factor files open with {@code numpy.load} and factors saved by {@code np.save} load here.
 * Written: little-endian {@code <f4} and {@code <i8}, C order. Read: {@code f4}, {@code f8},
 * {@code i4}, {@code i8} in either byte order, C or Fortran order, 1-D or 2-D.
 *
 * <p>Format: the magic {@code \x93NUMPY}, a version, a header length, then a Python dict literal
 * padded with spaces to a multiple of 64 bytes, then the raw data
 * (<a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>).
 */
final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fiu])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * A 1-D or 2-D array read from a file: floats widened to double for uniform handling, integers
     * kept exact in {@code integers} (null for a float array; ids may exceed 2^53).
     */
    record Array(long[] shape, double[] values, long[] integers) {

        int rows() {
            return (int) shape[0];
        }

        int cols() {
            return shape.length == 1 ? 1 : (int) shape[1];
        }

        float[] toFloats() {
            float[] out = new float[values.length];
            for (int k = 0; k < values.length; k++) {
                out[k] = (float) values[k];
            }
            return out;
        }

        /** Throws, naming {@code source} and the first offending position, when a value is NaN or infinite. */
        void requireFinite(String source) throws IOException {
            for (int k = 0; k < values.length; k++) {
                if (!Double.isFinite(values[k]) || !Float.isFinite((float) values[k])) {
                    throw new IOException(source + ": value " + values[k] + " at position " + k + " (row " + k / cols()
                            + ") is not a finite float32");
                }
            }
        }

        long[] toLongs() {
            if (integers != null) {
                return integers.clone();
            }
            long[] out = new long[values.length];
            for (int k = 0; k < values.length; k++) {
                out[k] = (long) values[k];
                if (out[k] != values[k]) {
                    throw new IllegalArgumentException("expected whole numbers, found " + values[k]);
                }
            }
            return out;
        }
    }

    static void writeFloats(OutputStream out, float[] data, long... shape) throws IOException {
        checkSize(data.length, shape);
        out.write(header("<f4", shape));
        ByteBuffer buffer = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(data);
        out.write(buffer.array());
    }

    static void writeLongs(OutputStream out, long[] data) throws IOException {
        out.write(header("<i8", new long[] {data.length}));
        ByteBuffer buffer = ByteBuffer.allocate(data.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(data);
        out.write(buffer.array());
    }

    static Array read(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new IOException(source + ": not a .npy file (bad magic)");
        }
        int major = magic[6];
        int headerLength;
        if (major == 1) {
            headerLength = ByteBuffer.wrap(in.readNBytes(2))
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .getShort()
                    & 0xffff;
        } else if (major == 2 || major == 3) {
            headerLength = ByteBuffer.wrap(in.readNBytes(4))
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getInt();
        } else {
            throw new IOException(source + ": unsupported .npy version " + major);
        }
        String header = new String(
                in.readNBytes(headerLength), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeMatch.find()) {
            throw new IOException(source + ": malformed .npy header " + header.strip());
        }
        long[] shape = Arrays.stream(shapeMatch.group(1).split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong)
                .toArray();
        if (shape.length < 1 || shape.length > 2) {
            throw new IOException(source + ": expected a 1-D or 2-D array, found shape " + Arrays.toString(shape));
        }
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        char kind = descr.group(2).charAt(0);
        int width = Integer.parseInt(descr.group(3));
        ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (count * width > Integer.MAX_VALUE - 16) {
            throw new IOException(source + ": array of " + count + " values is too large");
        }
        byte[] raw = in.readNBytes((int) (count * width));
        if (raw.length != count * width) {
            throw new IOException(
                    source + ": truncated, expected " + count * width + " data bytes, found " + raw.length);
        }
        ByteBuffer data = ByteBuffer.wrap(raw).order(order);
        String dtype = kind + Integer.toString(width);
        if (!dtype.equals("f4") && !dtype.equals("f8") && !dtype.equals("i4") && !dtype.equals("i8")) {
            throw new IOException(source + ": unsupported dtype " + descr.group(1) + descr.group(2) + width
                    + "; expected float32, float64, int32 or int64");
        }
        if (in.read() >= 0) {
            throw new IOException(source + ": trailing bytes after the " + Arrays.toString(shape) + " array");
        }
        double[] values = new double[(int) count];
        long[] integers = kind == 'f' ? null : new long[(int) count];
        for (int k = 0; k < count; k++) {
            switch (dtype) {
                case "f4" -> values[k] = data.getFloat();
                case "f8" -> values[k] = data.getDouble();
                case "i4" -> values[k] = integers[k] = data.getInt();
                default -> values[k] = integers[k] = data.getLong();
            }
        }
        if (fortran.group(1).equals("True") && shape.length == 2) {
            values = transposeFromColumnMajor(values, (int) shape[0], (int) shape[1]);
            if (integers != null) {
                long[] rowMajor = new long[integers.length];
                for (int c = 0; c < shape[1]; c++) {
                    for (int r = 0; r < shape[0]; r++) {
                        rowMajor[r * (int) shape[1] + c] = integers[c * (int) shape[0] + r];
                    }
                }
                integers = rowMajor;
            }
        }
        return new Array(shape, values, integers);
    }

    private static double[] transposeFromColumnMajor(double[] columnMajor, int rows, int cols) {
        double[] rowMajor = new double[columnMajor.length];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                rowMajor[r * cols + c] = columnMajor[c * rows + r];
            }
        }
        return rowMajor;
    }

    private static byte[] header(String descr, long[] shape) {
        String dims = shape.length == 1 ? shape[0] + "," : shape[0] + ", " + shape[1];
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer header =
                ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        header.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return header.array();
    }

    private static void checkSize(int length, long[] shape) {
        long expected = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (expected != length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " does not hold " + length + " values");
        }
    }
}
