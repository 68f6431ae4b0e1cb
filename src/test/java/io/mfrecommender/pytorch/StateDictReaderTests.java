package io.mfrecommender.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reader against files PyTorch itself wrote ({@code src/test/resources/pytorch}, made by
 * {@code make_fixtures.py}; {@code expected.json} holds PyTorch's own values, bit for bit), and
 * against malicious and broken files.
 */
class StateDictReaderTests {

    static final Path FIXTURES = Path.of("src/test/resources/pytorch");
    private static final StateDictReader READER = new StateDictReader(StateDictReader.Limits.DEFAULTS);

    @TempDir
    Path dir;

    static JsonNode expected() throws IOException {
        return JsonMapper.builder()
                .build()
                .readTree(FIXTURES.resolve("expected.json").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"notebook.pth", "biased.pth", "float64.pth", "transposed.pth"})
    void readsEveryTensorAsPyTorchHoldsItToTheBit(String fixture) throws IOException {
        Map<String, Tensor> tensors = READER.read(FIXTURES.resolve(fixture));
        JsonNode expected = expected().get(fixture).get("tensors");
        assertThat(tensors.keySet()).containsExactlyElementsOf(expected.propertyNames());
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            assertBitsEqual(entry.getValue(), expected.get(entry.getKey()));
        }
    }

    @Test
    void aBigEndianFileReadsAsTheSameValues() throws IOException {
        Map<String, Tensor> big = READER.read(FIXTURES.resolve("bigendian.pth"));
        JsonNode expected = expected().get("notebook.pth").get("tensors");
        for (Map.Entry<String, Tensor> entry : big.entrySet()) {
            assertBitsEqual(entry.getValue(), expected.get(entry.getKey()));
        }
    }

    static void assertBitsEqual(Tensor tensor, JsonNode expected) {
        int[] shape = new int[expected.get("shape").size()];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = expected.get("shape").get(d).asInt();
        }
        assertThat(tensor.shape()).as(tensor.name()).containsExactly(shape);
        JsonNode bits = expected.get("bits");
        assertThat(tensor.size()).isEqualTo(bits.size());
        for (int i = 0; i < tensor.size(); i++) {
            if (tensor.dtype() == Tensor.DType.FLOAT32) {
                assertThat(Float.floatToRawIntBits(tensor.floats()[i]))
                        .as("%s[%d]", tensor.name(), i)
                        .isEqualTo((int) bits.get(i).asLong());
            } else {
                assertThat(Double.doubleToRawLongBits(tensor.doubles()[i]))
                        .as("%s[%d]", tensor.name(), i)
                        .isEqualTo(Long.parseUnsignedLong(bits.get(i).asString(), 16));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "os-system.pth:posix.system",
                "builtins-eval.pth:builtins.eval",
                "subprocess-popen.pth:subprocess.Popen",
                "whole-model.pth:__main__.MatrixFactorization"
            })
    void aPickleAskingForAnythingButAStateDictIsRefusedByNameAndNothingRuns(String fixtureAndGlobal)
            throws IOException {
        String fixture = fixtureAndGlobal.substring(0, fixtureAndGlobal.indexOf(':'));
        String global = fixtureAndGlobal.substring(fixtureAndGlobal.indexOf(':') + 1);
        // The command these pickles carry would create this file, were it ever run.
        Path marker = Path.of(expected().get("marker").asString());
        Files.deleteIfExists(marker);

        assertThatThrownBy(() -> READER.read(FIXTURES.resolve(fixture)))
                .isInstanceOf(PthFormatException.class)
                .hasMessageContaining("'" + global + "'")
                .hasMessageContaining("refused")
                .satisfies(e ->
                        assertThat(((PthFormatException) e).refusedGlobal()).isEqualTo(global));
        assertThat(marker).doesNotExist();
    }

    @Test
    void aTruncatedArchiveIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(FIXTURES.resolve("notebook.pth"));
        Path cut = dir.resolve("cut.pth");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> READER.read(cut))
                .isInstanceOf(PthFormatException.class)
                .hasMessageContaining("truncated or damaged");
    }

    @Test
    void notAZipAndTheLegacyFormatAreToldApart() throws IOException {
        Path text = Files.writeString(dir.resolve("text.pth"), "hello");
        Path legacy = Files.write(dir.resolve("legacy.pth"), new byte[] {(byte) 0x80, 2, 'K', 1, '.'});

        assertThatThrownBy(() -> READER.read(text)).hasMessageContaining("not a zip archive");
        assertThatThrownBy(() -> READER.read(legacy)).hasMessageContaining("legacy torch.save format");
    }

    @Test
    void aZipBombIsRefusedBeforeItIsInflated() throws IOException {
        Path bomb = dir.resolve("bomb.pth");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            byte[] zeros = new byte[1 << 20];
            for (int mb = 0; mb < 15; mb++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(100_000);

        assertThatThrownBy(() -> READER.read(bomb))
                .isInstanceOf(PthFormatException.class)
                .hasMessageContaining("record data.pkl inflates")
                .hasMessageContaining("zip bomb");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedUnread() {
        StateDictReader small = new StateDictReader(StateDictReader.Limits.DEFAULTS.withMaxFileBytes(1000));

        assertThatThrownBy(() -> small.read(FIXTURES.resolve("notebook.pth")))
                .hasMessageContaining("over the limit of 1000 bytes");
    }

    @Test
    void whatTheWriterWritesReadsBackAsTheSameTensors() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.of("a", new int[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, 0, 7}));
        tensors.put("b", Tensor.of("b", new int[] {3}, new double[] {Math.PI, -0.0, 1e300}));
        tensors.put("c", Tensor.of("c", new int[] {}, new float[] {42}));
        Path file = dir.resolve("written.pth");
        try (OutputStream out = Files.newOutputStream(file)) {
            StateDictWriter.write(out, "written", tensors);
        }

        Map<String, Tensor> read = READER.read(file);

        assertThat(read.keySet()).containsExactly("a", "b", "c");
        assertThat(read.get("a").floats()).containsExactly(tensors.get("a").floats());
        assertThat(read.get("a").shape()).containsExactly(2, 3);
        assertThat(read.get("b").doubles()).containsExactly(tensors.get("b").doubles());
        assertThat(read.get("c").shape()).isEmpty();
        assertThat(read.get("c").floats()).containsExactly(42f);
    }

    @Test
    void aStorageShorterThanItsTensorIsRefused() throws IOException {
        // Six values declared and stored, but a (4, 2) tensor reads eight.
        Path file = forged(stored("user_factors.weight", 6, 6, 0, new long[] {4, 2}, new long[] {2, 1}));

        assertThatThrownBy(() -> READER.read(file))
                .isInstanceOf(PthFormatException.class)
                .hasMessageContaining("'user_factors.weight' points past its storage");
    }

    @Test
    void aStorageRecordShorterThanItsIdDeclaresIsRefused() throws IOException {
        Path file = forged(stored("user_factors.weight", 8, 6, 0, new long[] {3, 2}, new long[] {2, 1}));

        assertThatThrownBy(() -> READER.read(file))
                .hasMessageContaining("storage 0 holds 24 bytes, but its id declares 8 float32 values (32 bytes)");
    }

    @Test
    void aNegativeStrideOrOffsetIsRefused() throws IOException {
        Path stride = forged(stored("w", 6, 6, 5, new long[] {3, 2}, new long[] {-2, 1}));
        Path offset = forged(stored("w", 6, 6, -1, new long[] {3, 2}, new long[] {2, 1}));

        assertThatThrownBy(() -> READER.read(stride)).hasMessageContaining("'w' has a negative stride (-2)");
        assertThatThrownBy(() -> READER.read(offset)).hasMessageContaining("'w' has a negative storage offset");
    }

    @Test
    void aHugeDeclaredStorageIsRefusedBeforeAnythingIsAllocated() throws IOException {
        Path file = forged(stored("w", Integer.MAX_VALUE * 4L, 6, 0, new long[] {3, 2}, new long[] {2, 1}));

        assertThatThrownBy(() -> READER.read(file)).hasMessageContaining("more than the 2147483639 accepted");
    }

    @Test
    void aForgedStringLengthIsRefusedBeforePyrolitAllocatesIt() throws IOException {
        // PROTO 2, BINUNICODE with a length of 2^31 - 1 and three bytes behind it.
        byte[] pickle = {(byte) 0x80, 2, 'X', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 'a', 'b', 'c'};
        Path file = archive(Map.of("archive/data.pkl", pickle));

        assertThatThrownBy(() -> READER.read(file)).hasMessageContaining("truncated or forged");
    }

    @Test
    void aDictOfSomethingElseIsNotAStateDict() throws IOException {
        // PROTO 2, EMPTY_DICT, BINUNICODE 'k', BININT1 7, SETITEM, STOP
        byte[] pickle = {(byte) 0x80, 2, '}', 'X', 1, 0, 0, 0, 'k', 'K', 7, 's', '.'};
        Path file = archive(Map.of("archive/data.pkl", pickle));

        assertThatThrownBy(() -> READER.read(file))
                .hasMessageContaining("'k' holds a value of type Integer, not a tensor");
    }

    private static byte[] nestedLists(int depth, byte... tail) {
        return ForgedPickles.nestedLists(depth, tail);
    }

    @Test
    void aPickleNestingTwoHundredThousandListsIsRefusedNamingTheDepthLimit() throws IOException {
        Path file = storedArchive(nestedLists(200_000, (byte) '.'));

        assertThatThrownBy(() -> READER.read(file))
                .isInstanceOf(PthFormatException.class)
                .hasMessageContaining("more than 32 levels deep");
    }

    @Test
    void nestingWithinTheLimitIsReadAndOnlyThenJudgedAsNoStateDict() throws IOException {
        Path file = archive(Map.of("archive/data.pkl", nestedLists(32, (byte) '.')));

        assertThatThrownBy(() -> READER.read(file)).hasMessageContaining("holds a value of type ArrayList");
    }

    @Test
    void aDeepListAsADictKeyIsRefusedBeforeItIsHashed() throws IOException {
        // PROTO 2, EMPTY_DICT, a 30-deep list, BININT1 1, SETITEM, STOP
        byte[] list = nestedLists(30, (byte) 'K', (byte) 1, (byte) 's', (byte) '.');
        byte[] pickle = new byte[list.length + 1];
        pickle[0] = list[0];
        pickle[1] = list[1];
        pickle[2] = '}';
        System.arraycopy(list, 2, pickle, 3, list.length - 2);
        Path file = archive(Map.of("archive/data.pkl", pickle));

        assertThatThrownBy(() -> READER.read(file)).hasMessageContaining("uses a list or a dict as a dict key");
    }

    @Test
    void recursiveStructuresAreRefused() throws IOException {
        // PROTO 2, EMPTY_LIST, BINPUT 0, BINGET 0, APPEND, STOP: a list inside itself.
        byte[] itself = {(byte) 0x80, 2, ']', 'q', 0, 'h', 0, 'a', '.'};
        assertThatThrownBy(() -> READER.read(archive(Map.of("archive/data.pkl", itself))))
                .hasMessageContaining("inside itself");
        // PROTO 2, EMPTY_LIST a (BINPUT 0), EMPTY_LIST b, BINGET 0, APPEND (a into b), BINGET 0... then b into a.
        byte[] cycle = {(byte) 0x80, 2, ']', 'q', 0, ']', 'q', 1, 'h', 0, 'a', 'h', 0, 'h', 1, 'a', '.'};
        assertThatThrownBy(() -> READER.read(archive(Map.of("archive/data.pkl", cycle))))
                .hasMessageContaining("after placing it inside another");
    }

    private static StateDictWriter.Stored stored(
            String name, long declared, int values, long offset, long[] size, long[] stride) {
        ByteBuffer bytes = ByteBuffer.allocate(values * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values; i++) {
            bytes.putFloat(i);
        }
        return new StateDictWriter.Stored(name, Tensor.DType.FLOAT32, declared, bytes.array(), offset, size, stride);
    }

    private Path forged(StateDictWriter.Stored tensor) throws IOException {
        Path file = Files.createTempFile(dir, "forged", ".pth");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StateDictWriter.write(bytes, "forged", List.of(tensor), ByteOrder.LITTLE_ENDIAN);
        return Files.write(file, bytes.toByteArray());
    }

    private Path storedArchive(byte[] pickle) throws IOException {
        return Files.write(Files.createTempFile(dir, "archive", ".pth"), ForgedPickles.storedArchive(pickle));
    }

    private Path archive(Map<String, byte[]> records) throws IOException {
        Path file = Files.createTempFile(dir, "archive", ".pth");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                zip.putNextEntry(new ZipEntry(record.getKey()));
                zip.write(record.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }
}
