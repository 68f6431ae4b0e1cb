package io.mfrecommender.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fixtures under {@code src/test/resources/npy} were written by NumPy 2.4 {@code np.save}. */
class NpyTests {

    private static Npy.Array fixture(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(NpyTests.class.getResourceAsStream("/npy/" + name))) {
            return Npy.read(in, name);
        }
    }

    private static byte[] fixtureBytes(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(NpyTests.class.getResourceAsStream("/npy/" + name))) {
            return in.readAllBytes();
        }
    }

    @Test
    void writesFloat32ExactlyAsNumPyDoes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeFloats(out, new float[] {1.5f, -2f, 3.25f, 0f, 4f, -0.5f}, 2, 3);
        assertThat(out.toByteArray()).isEqualTo(fixtureBytes("f4-2x3.npy"));
    }

    @Test
    void writesInt64ExactlyAsNumPyDoes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeLongs(out, new long[] {7, 42, 9_000_000_000L});
        assertThat(out.toByteArray()).isEqualTo(fixtureBytes("i8-ids.npy"));
    }

    @Test
    void readsNumPyFloat32AndFortranOrderedFloat64() throws IOException {
        Npy.Array f4 = fixture("f4-2x3.npy");
        assertThat(f4.shape()).containsExactly(2, 3);
        assertThat(f4.toFloats()).containsExactly(1.5f, -2f, 3.25f, 0f, 4f, -0.5f);
        Npy.Array f8 = fixture("f8-2x3-fortran.npy");
        assertThat(f8.shape()).containsExactly(2, 3);
        assertThat(f8.values()).containsExactly(1.5, -2.0, 3.25, 0.0, 4.0, -0.5);
    }

    @Test
    void readsBigEndianAndInt64() throws IOException {
        assertThat(fixture("f4-big-endian.npy").toFloats()).containsExactly(1.5f, -2f);
        assertThat(fixture("i8-ids.npy").toLongs()).containsExactly(7, 42, 9_000_000_000L);
    }

    @Test
    void roundTripsLargeArraysBitForBit() throws IOException {
        float[] data = new float[3706 * 20];
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < data.length; k++) {
            data[k] = (float) random.nextGaussian();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeFloats(out, data, 3706, 20);
        assertThat(Npy.read(new ByteArrayInputStream(out.toByteArray()), "x").toFloats())
                .isEqualTo(data);
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream("not numpy".getBytes()), "bad.npy"))
                .hasMessage("bad.npy: not a .npy file (bad magic)");
        byte[] truncated = Arrays.copyOf(fixtureBytesUnchecked("f4-2x3.npy"), 140);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(truncated), "short.npy"))
                .hasMessageContaining("short.npy: truncated");
        assertThatThrownBy(() -> Npy.writeFloats(new ByteArrayOutputStream(), new float[5], 2, 3))
                .hasMessageContaining("does not hold 5 values");
    }

    private static byte[] fixtureBytesUnchecked(String name) {
        try {
            return fixtureBytes(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
