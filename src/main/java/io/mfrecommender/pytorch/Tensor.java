package io.mfrecommender.pytorch;

import java.util.Arrays;

/**
 * One tensor of a state dict, copied out of its storage into row-major order: {@code float32}
 * values in {@link #floats}, {@code float64} in {@link #doubles} (the other is null), so that what
 * was read is what PyTorch holds, to the bit.
 *
 * @param shape sizes, outermost first; empty for a scalar
 */
public record Tensor(String name, DType dtype, int[] shape, float[] floats, double[] doubles) {

    /** The element types a state dict may hold here. */
    public enum DType {
        FLOAT32(Float.BYTES, "FloatStorage"),
        FLOAT64(Double.BYTES, "DoubleStorage");

        final int bytes;
        final String storage;

        DType(int bytes, String storage) {
            this.bytes = bytes;
            this.storage = storage;
        }

        public String pythonName() {
            return this == FLOAT32 ? "float32" : "float64";
        }
    }

    public Tensor {
        shape = shape.clone();
        long count = 1;
        for (int size : shape) {
            count *= size;
        }
        int held = dtype == DType.FLOAT32 ? floats.length : doubles.length;
        if (count != held) {
            throw new IllegalArgumentException(name + ": " + held + " values for shape " + Arrays.toString(shape));
        }
    }

    public static Tensor of(String name, int[] shape, float[] values) {
        return new Tensor(name, DType.FLOAT32, shape, values, null);
    }

    public static Tensor of(String name, int[] shape, double[] values) {
        return new Tensor(name, DType.FLOAT64, shape, null, values);
    }

    public int size() {
        return dtype == DType.FLOAT32 ? floats.length : doubles.length;
    }

    public double get(int index) {
        return dtype == DType.FLOAT32 ? floats[index] : doubles[index];
    }

    /** Shape as PyTorch prints it: {@code (6040, 20)}. */
    public String shapeText() {
        StringBuilder text = new StringBuilder("(");
        for (int d = 0; d < shape.length; d++) {
            text.append(d == 0 ? "" : ", ").append(shape[d]);
        }
        return text.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
