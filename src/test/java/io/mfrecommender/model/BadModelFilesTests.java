package io.mfrecommender.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A saved version whose files are damaged or hand-made wrong is refused at load, with one message
 * naming the file, never served with NaN predictions or a silent μ = 0. {@link TinyModel}: 2
 * users, 3 movies, k = 2; {@link TinyServing#withRanker()} adds a ranker of k = 2.
 */
class BadModelFilesTests {

    @TempDir
    Path root;

    private interface Damage {
        void apply(Path dir) throws IOException;
    }

    private static byte[] floats(float[] values, long... shape) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeFloats(out, values, shape);
        return out.toByteArray();
    }

    private static byte[] longs(long... values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeLongs(out, values);
        return out.toByteArray();
    }

    private static Damage write(String file, byte[] bytes) {
        return dir -> Files.write(dir.resolve(file), bytes);
    }

    private static Damage manifest(String from, String to) {
        return dir -> {
            Path file = dir.resolve("manifest.json");
            String text = Files.readString(file);
            assertThat(text).contains(from);
            Files.writeString(file, text.replace(from, to));
        };
    }

    static Stream<Arguments> damages() throws IOException {
        return Stream.of(
                Arguments.of(
                        "NaN in user factors",
                        write("user-factors.npy", floats(new float[] {1, Float.NaN, 0, 2}, 2, 2)),
                        "user-factors.npy",
                        "not a finite"),
                Arguments.of(
                        "+Inf in item factors",
                        write("item-factors.npy", floats(new float[] {2, 0, 1, 1, Float.POSITIVE_INFINITY, -1}, 3, 2)),
                        "item-factors.npy",
                        "not a finite"),
                Arguments.of(
                        "-Inf in a user bias",
                        write("user-bias.npy", floats(new float[] {0.5f, Float.NEGATIVE_INFINITY}, 2)),
                        "user-bias.npy",
                        "not a finite"),
                Arguments.of(
                        "NaN in an item bias",
                        write("item-bias.npy", floats(new float[] {Float.NaN, 0, 0}, 3)),
                        "item-bias.npy",
                        "not a finite"),
                Arguments.of(
                        "NaN in the ranker's user factors",
                        write("ranking-user-factors.npy", floats(new float[] {1, 0, Float.NaN, 1}, 2, 2)),
                        "ranking-user-factors.npy",
                        "not a finite"),
                Arguments.of(
                        "Inf in the ranker's item factors",
                        write(
                                "ranking-item-factors.npy",
                                floats(new float[] {0, 0, 0, 0, 0, Float.POSITIVE_INFINITY}, 3, 2)),
                        "ranking-item-factors.npy",
                        "not a finite"),
                Arguments.of(
                        "no globalMean",
                        manifest("\"globalMean\" : 3.0,", ""),
                        "manifest.json",
                        "'globalMean' is missing"),
                Arguments.of(
                        "globalMean as a string",
                        manifest("\"globalMean\" : 3.0", "\"globalMean\" : \"NaN\""),
                        "manifest.json",
                        "'globalMean' is missing or not a number"),
                Arguments.of("no scaleMax", manifest("\"scaleMax\" : 5.0,", ""), "manifest.json", "'scaleMax'"),
                Arguments.of(
                        "trailing bytes after an array",
                        (Damage) dir -> Files.write(
                                dir.resolve("item-bias.npy"), new byte[] {0, 0, 0, 0}, StandardOpenOption.APPEND),
                        "item-bias.npy",
                        "trailing bytes"),
                Arguments.of(
                        "a truncated array",
                        (Damage) dir -> {
                            byte[] bytes = Files.readAllBytes(dir.resolve("user-factors.npy"));
                            Files.write(dir.resolve("user-factors.npy"), Arrays.copyOf(bytes, bytes.length - 3));
                        },
                        "user-factors.npy",
                        "truncated"),
                Arguments.of(
                        "item factors of another k",
                        write("item-factors.npy", floats(new float[3], 3, 1)),
                        "item-factors.npy",
                        "k of user-factors.npy"),
                Arguments.of(
                        "1-D user factors",
                        write("user-factors.npy", floats(new float[4], 4)),
                        "user-factors.npy",
                        "2-D"),
                Arguments.of(
                        "fewer ids than rows",
                        write("item-ids.npy", longs(100, 200)),
                        "item-ids.npy",
                        "2 ids for 3 rows"),
                Arguments.of(
                        "duplicate user ids", write("user-ids.npy", longs(10, 10)), "user-ids.npy", "duplicate id 10"),
                Arguments.of(
                        "zero users",
                        (Damage) dir -> {
                            Files.write(dir.resolve("user-factors.npy"), floats(new float[0], 0, 2));
                            Files.write(dir.resolve("user-ids.npy"), longs());
                            Files.delete(dir.resolve("user-bias.npy"));
                            Files.delete(dir.resolve("ranking-user-factors.npy"));
                            Files.delete(dir.resolve("ranking-item-factors.npy"));
                        },
                        "user-factors.npy",
                        "at least one user"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void isRefusedNamingTheFile(String name, Damage damage, String file, String reason) throws IOException {
        ModelStore store = new ModelStore(root);
        String version = store.save(TinyServing.withRanker().model()).version();
        damage.apply(root.resolve(version));
        assertThatThrownBy(() -> store.load(version))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining(file)
                .hasMessageContaining(reason);
    }

    /**
     * The same damage in a version made elsewhere refuses its import, naming the file where it
     * lies; nothing is registered in the store and no staging copy is left.
     */
    @ParameterizedTest(name = "import: {0}")
    @MethodSource("damages")
    void anImportIsRefusedNamingTheSourceFile(String name, Damage damage, String file, String reason)
            throws IOException {
        Path made = Files.createDirectories(root.resolve("elsewhere"));
        String version =
                new ModelStore(made).save(TinyServing.withRanker().model()).version();
        Path source = made.resolve(version);
        damage.apply(source);
        ModelStore store = new ModelStore(root.resolve("models"));
        assertThatThrownBy(() -> store.importVersion(source))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining(source.resolve(file).toString())
                .hasMessageContaining(reason);
        assertThat(store.list()).isEmpty();
        try (Stream<Path> left = Files.list(root.resolve("models"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anImportWithoutItsIdsIsRefused() throws IOException {
        Path made = Files.createDirectories(root.resolve("elsewhere"));
        String version = new ModelStore(made).save(TinyModel.create()).version();
        Files.delete(made.resolve(version).resolve("item-ids.npy"));
        ModelStore store = new ModelStore(root.resolve("models"));
        assertThatThrownBy(() -> store.importVersion(made.resolve(version)))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining(made.resolve(version).resolve("item-ids.npy") + " is missing");
        assertThat(store.list()).isEmpty();
    }

    /**
     * A good version made elsewhere, with a file the store does not know (a job's {@code _SUCCESS}
     * marker): imported under its directory's name, the marker left behind, loading to the same
     * factors; imported again, it gets a new name.
     */
    @Test
    void aVersionMadeElsewhereIsImportedUnderItsName() throws IOException {
        Path made = Files.createDirectories(root.resolve("elsewhere"));
        FactorModel original =
                new ModelStore(made).save(TinyServing.withRanker().model());
        Path source = made.resolve(original.version());
        Files.writeString(source.resolve("_SUCCESS"), "");
        ModelStore store = new ModelStore(root.resolve("models"));

        FactorModel imported = store.importVersion(source);
        assertThat(imported.version()).isEqualTo(original.version());
        assertThat(root.resolve("models").resolve(original.version()).resolve("_SUCCESS"))
                .doesNotExist();
        FactorModel loaded = store.load(original.version());
        assertThat(loaded.itemFactorArray()).containsExactly(original.itemFactorArray());
        assertThat(loaded.ranker().orElseThrow().userFactorArray())
                .containsExactly(original.ranker().orElseThrow().userFactorArray());

        FactorModel again = store.importVersion(source);
        assertThat(again.version()).isNotEqualTo(original.version());
        assertThat(store.list()).hasSize(2);
    }

    @Test
    void nineteenDigitIdsLoadExactly() throws IOException {
        ModelStore store = new ModelStore(root);
        String version = store.save(TinyModel.create()).version();
        long big = 1_000_000_000_000_000_001L;
        Files.write(root.resolve(version).resolve("user-ids.npy"), longs(big, Long.MAX_VALUE));
        FactorModel loaded = store.load(version);
        assertThat(loaded.users().indexOrMinusOne(big)).isZero();
        assertThat(loaded.users().indexOrMinusOne(Long.MAX_VALUE)).isEqualTo(1);
        assertThat(loaded.users().indexOrMinusOne(1_000_000_000_000_000_000L)).isNegative();
    }
}
