package io.mfrecommender.pytorch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the tensors of a {@code .pth} file written by {@code torch.save(state_dict, f)} (PyTorch
 * 1.6 and later): a zip archive holding {@code <name>/data.pkl} (the pickle of the state dict,
 * whose tensors point at storages by persistent id), one record {@code <name>/data/<key>} per
 * storage, and {@code <name>/byteorder} ({@code little} or {@code big}; little when absent, as
 * PyTorch reads it). Each tensor is rebuilt from {@code _rebuild_tensor_v2}'s storage offset,
 * size and stride, so views (a transposed matrix) come out as the values PyTorch shows.
 *
 * <p>Untrusted input: the pickle is read by {@link StateDictUnpickler}, which constructs nothing
 * but state dicts and tensors; the archive is bounded by {@link Limits} (file size, records, the
 * pickle's size, inflation ratio, elements per tensor) and checked against itself (a storage record
 * of the length its id declares, every tensor inside its storage, no negative stride). Whatever is
 * wrong is refused with a {@link PthFormatException} naming it.
 */
public final class StateDictReader {

    /**
     * @param maxFileBytes     largest file read
     * @param maxRecords       most records in the archive
     * @param maxPickleBytes   largest {@code data.pkl}
     * @param maxInflation     most a compressed record may expand (uncompressed ÷ compressed size);
     *                         {@code torch.save} stores records uncompressed
     * @param maxTensorElements most elements in one tensor
     */
    public record Limits(
            long maxFileBytes, int maxRecords, int maxPickleBytes, int maxInflation, long maxTensorElements) {

        public static final Limits DEFAULTS = new Limits(1L << 30, 10_000, 16 << 20, 100, Integer.MAX_VALUE - 8);

        public Limits withMaxFileBytes(long bytes) {
            return new Limits(bytes, maxRecords, maxPickleBytes, maxInflation, maxTensorElements);
        }
    }

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final int PICKLE_PROTOCOL = 0x80;

    private final Limits limits;

    public StateDictReader(Limits limits) {
        this.limits = limits;
    }

    /**
     * The tensors of the state dict in {@code file}, by name, in the file's order.
     *
     * @throws PthFormatException what is wrong with the file, without its path
     * @throws UncheckedIOException when the file cannot be read at all
     */
    public Map<String, Tensor> read(Path file) {
        return readArchive(file, this::tensors);
    }

    /**
     * The bytes of every storage {@code file}'s state dict points at, read from its pickle alone
     * (nothing of a table is allocated): what reading it will hold in memory at least, so that a
     * caller can refuse or wait before {@link #read} allocates.
     *
     * @throws PthFormatException what is wrong with the file, as {@link #read} would say
     */
    public long storageBytes(Path file) {
        return readArchive(file, (zip, prefix, root) -> {
            if (!(root instanceof Map<?, ?> entries)) {
                return 0L; // read() says what is wrong with it
            }
            Map<String, Long> storages = new HashMap<>();
            for (Object value : entries.values()) {
                if (value instanceof StateDictUnpickler.PendingTensor pending) {
                    StateDictUnpickler.StorageRef storage = pending.storage();
                    long numel = Math.min(storage.numel(), limits.maxTensorElements() + 1L);
                    storages.put(storage.key(), numel * storage.type().dtype().bytes);
                }
            }
            return storages.values().stream().mapToLong(Long::longValue).sum();
        });
    }

    /** What is made of an archive once its pickle is read: the archive, its folder and the pickle's root. */
    private interface ArchiveReader<T> {
        T read(ZipFile zip, String prefix, Object root) throws IOException;
    }

    /** Checks {@code file}'s size, that it is a zip archive of few enough records, and reads its pickle. */
    private <T> T readArchive(Path file, ArchiveReader<T> reader) {
        try {
            long size = Files.size(file);
            if (size > limits.maxFileBytes()) {
                throw new PthFormatException(
                        "the file is " + size + " bytes, over the limit of " + limits.maxFileBytes() + " bytes");
            }
            requireZip(file);
            try (ZipFile zip = open(file)) {
                if (zip.size() > limits.maxRecords()) {
                    throw new PthFormatException("the archive has " + zip.size() + " records, more than the "
                            + limits.maxRecords() + " accepted");
                }
                String prefix = prefix(zip);
                Object root = new StateDictUnpickler().read(record(zip, prefix + "data.pkl", limits.maxPickleBytes()));
                return reader.read(zip, prefix, root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireZip(Path file) throws IOException {
        byte[] head = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read == head.length && Arrays.equals(head, ZIP_MAGIC)) {
            return;
        }
        if (read > 0 && (head[0] & 0xff) == PICKLE_PROTOCOL) {
            throw new PthFormatException("this is the legacy torch.save format (before PyTorch 1.6), not a zip "
                    + "archive: load it in PyTorch and save it again with torch.save(state_dict, f)");
        }
        throw new PthFormatException("not a PyTorch .pth file: it is not a zip archive");
    }

    private static ZipFile open(Path file) {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new PthFormatException("the zip archive is truncated or damaged (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Tensor> tensors(ZipFile zip, String prefix, Object root) throws IOException {
        ByteOrder order = byteOrder(zip, prefix);
        if (!(root instanceof Map<?, ?> entries)) {
            throw new PthFormatException("data.pkl holds " + describe(root)
                    + ", not a state dict (a mapping of names to tensors): save model.state_dict(), not the model");
        }
        Map<String, byte[]> storages = new HashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                throw new PthFormatException("the state dict has a key that is not text");
            }
            if (!(entry.getValue() instanceof StateDictUnpickler.PendingTensor pending)) {
                throw new PthFormatException("'" + name + "' holds " + describe(entry.getValue()) + ", not a tensor");
            }
            StateDictUnpickler.StorageRef storage = pending.storage();
            byte[] data = storages.get(storage.key());
            if (data == null) {
                data = storageRecord(zip, prefix, storage);
                storages.put(storage.key(), data);
            }
            tensors.put(name, materialize(name, pending, data, order));
        }
        return Collections.unmodifiableMap(tensors);
    }

    /** The one top-level folder every record sits in, with its slash; PyTorch names it after the file. */
    private static String prefix(ZipFile zip) {
        List<String> topLevel = zip.stream()
                .map(ZipEntry::getName)
                .filter(n -> n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length())
                .toList();
        if (topLevel.size() != 1) {
            throw new PthFormatException(
                    topLevel.isEmpty()
                            ? "the archive has no <name>/data.pkl record: not written by torch.save"
                            : "the archive has more than one data.pkl record");
        }
        return topLevel.get(0).substring(0, topLevel.get(0).length() - "data.pkl".length());
    }

    private ByteOrder byteOrder(ZipFile zip, String prefix) throws IOException {
        if (zip.getEntry(prefix + "byteorder") == null) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        String text = new String(record(zip, prefix + "byteorder", 16), StandardCharsets.US_ASCII).strip();
        return switch (text) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new PthFormatException("the byteorder record says '" + text + "', not little or big");
        };
    }

    private byte[] storageRecord(ZipFile zip, String prefix, StateDictUnpickler.StorageRef storage) throws IOException {
        Tensor.DType dtype = storage.type().dtype();
        if (storage.numel() > limits.maxTensorElements()) {
            throw new PthFormatException("storage " + storage.key() + " declares " + storage.numel()
                    + " values, more than the " + limits.maxTensorElements() + " accepted");
        }
        long declared = storage.numel() * dtype.bytes;
        String name = prefix + "data/" + storage.key();
        if (zip.getEntry(name) == null) {
            throw new PthFormatException("storage " + storage.key() + " has no record in the archive");
        }
        byte[] data = record(zip, name, declared + 1);
        if (data.length != declared) {
            throw new PthFormatException("storage " + storage.key() + " holds " + data.length + " bytes, but its id "
                    + "declares " + storage.numel() + " " + dtype.pythonName() + " values (" + declared + " bytes)");
        }
        return data;
    }

    /** The bytes of one record, refusing it when larger than {@code max} or inflating suspiciously. */
    private byte[] record(ZipFile zip, String name, long max) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        String shown = name.substring(name.indexOf('/') + 1);
        long declared = entry.getSize();
        if (declared > max) {
            throw new PthFormatException(
                    "record " + shown + " is " + declared + " bytes, over the " + max + " accepted");
        }
        if (entry.getMethod() == ZipEntry.DEFLATED && declared > 0) {
            long compressed = Math.max(1, entry.getCompressedSize());
            if (declared / compressed > limits.maxInflation()) {
                throw new PthFormatException("record " + shown + " inflates " + (declared / compressed)
                        + " times (at most " + limits.maxInflation() + " accepted): refused as a zip bomb");
            }
        }
        long cap = Math.min(max, declared >= 0 ? declared : max);
        if (cap > Integer.MAX_VALUE - 8) {
            throw new PthFormatException("record " + shown + " is too large to read");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] data = in.readNBytes((int) cap);
            if (in.read() >= 0) {
                throw new PthFormatException(
                        "record " + shown + " holds more than its declared " + cap + " bytes: refused as a zip bomb");
            }
            return data;
        } catch (ZipException | EOFException e) {
            throw new PthFormatException("record " + shown + " is truncated or damaged (" + e.getMessage() + ")");
        }
    }

    private Tensor materialize(String name, StateDictUnpickler.PendingTensor pending, byte[] data, ByteOrder order) {
        long[] size = pending.size();
        long[] stride = pending.stride();
        long elements = 1;
        long last = pending.offset();
        if (pending.offset() < 0) {
            throw new PthFormatException("'" + name + "' has a negative storage offset");
        }
        for (int d = 0; d < size.length; d++) {
            if (size[d] < 0) {
                throw new PthFormatException("'" + name + "' has a negative size");
            }
            if (stride[d] < 0) {
                throw new PthFormatException("'" + name + "' has a negative stride (" + stride[d] + ")");
            }
            // Saturating: anything past the limit is refused below.
            elements = size[d] == 0 ? 0 : elements > Long.MAX_VALUE / size[d] ? Long.MAX_VALUE : elements * size[d];
        }
        if (elements > limits.maxTensorElements()) {
            throw new PthFormatException("'" + name + "' has " + elements + " elements, more than the "
                    + limits.maxTensorElements() + " accepted");
        }
        int[] shape = new int[size.length];
        for (int d = 0; d < size.length; d++) {
            shape[d] = (int) size[d];
            if (elements > 0) {
                last = addExact(last, multiplyExact(size[d] - 1, stride[d], name), name);
            }
        }
        long numel = pending.storage().numel();
        if (elements > 0 && last >= numel) {
            throw new PthFormatException("'" + name + "' points past its storage: it reads value " + last
                    + " of a storage holding " + numel);
        }
        Tensor.DType dtype = pending.storage().type().dtype();
        ByteBuffer buffer = ByteBuffer.wrap(data).order(order);
        int count = (int) elements;
        int[] index = new int[size.length];
        if (dtype == Tensor.DType.FLOAT32) {
            float[] values = new float[count];
            for (int i = 0; i < count; i++) {
                values[i] = buffer.getFloat((int) position(pending, index) * Float.BYTES);
                advance(index, shape);
            }
            return Tensor.of(name, shape, values);
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = buffer.getDouble((int) position(pending, index) * Double.BYTES);
            advance(index, shape);
        }
        return Tensor.of(name, shape, values);
    }

    private static long position(StateDictUnpickler.PendingTensor pending, int[] index) {
        long at = pending.offset();
        for (int d = 0; d < index.length; d++) {
            at += index[d] * pending.stride()[d];
        }
        return at;
    }

    /** The next index in row-major order. */
    private static void advance(int[] index, int[] shape) {
        for (int d = index.length - 1; d >= 0; d--) {
            if (++index[d] < shape[d]) {
                return;
            }
            index[d] = 0;
        }
    }

    private static long multiplyExact(long a, long b, String name) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new PthFormatException("'" + name + "' has a size and stride too large to address");
        }
    }

    private static long addExact(long a, long b, String name) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new PthFormatException("'" + name + "' has a size and stride too large to address");
        }
    }

    private static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof StateDictUnpickler.PendingTensor) {
            return "a tensor";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        return "a value of type " + value.getClass().getSimpleName();
    }
}
