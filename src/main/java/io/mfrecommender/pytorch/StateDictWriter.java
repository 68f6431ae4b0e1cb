package io.mfrecommender.pytorch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes tensors as {@code torch.save(state_dict, f)} does, so that PyTorch's {@code torch.load}
 * and {@code Module.load_state_dict} take the file: a zip archive of uncompressed records,
 * {@code <name>/data.pkl} (protocol 2: an {@code OrderedDict} of
 * {@code _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}), one
 * little-endian storage record per tensor under {@code <name>/data/}, {@code byteorder} and
 * {@code version}.
 */
public final class StateDictWriter {

    /**
     * The bytes of one storage record, made on demand: written twice, once for the archive's
     * checksum and once into it, so that a table never has to be held whole in memory.
     */
    public interface Storage {
        /** How many bytes {@link #writeTo} writes. */
        long length();

        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A contiguous (row-major) tensor whose values {@code storage} writes little-endian.
     *
     * @param shape sizes, outermost first
     */
    public record Table(String name, Tensor.DType dtype, long[] shape, Storage storage) {}

    /** A tensor as it goes into the file: what {@link #write} makes of a {@link Table}; tests forge others. */
    record Stored(
            String name,
            Tensor.DType dtype,
            long declaredNumel,
            Storage storage,
            long offset,
            long[] size,
            long[] stride) {

        Stored(
                String name,
                Tensor.DType dtype,
                long declaredNumel,
                byte[] bytes,
                long offset,
                long[] size,
                long[] stride) {
            this(name, dtype, declaredNumel, bytesOf(bytes), offset, size, stride);
        }
    }

    private StateDictWriter() {}

    /** Writes {@code tensors}, in their iteration order, as the archive {@code name} (a folder name, no slash). */
    public static void write(OutputStream out, String name, Map<String, Tensor> tensors) throws IOException {
        List<Table> tables = new ArrayList<>(tensors.size());
        for (Tensor tensor : tensors.values()) {
            tables.add(table(tensor));
        }
        writeTables(out, name, tables);
    }

    /** Writes {@code tables}, in their order, as the archive {@code name}, streaming each storage. */
    public static void writeTables(OutputStream out, String name, List<Table> tables) throws IOException {
        List<Stored> stored = new ArrayList<>(tables.size());
        for (Table table : tables) {
            long[] stride = new long[table.shape().length];
            long step = 1;
            for (int d = table.shape().length - 1; d >= 0; d--) {
                stride[d] = step;
                step *= Math.max(1, table.shape()[d]);
            }
            long numel = table.storage().length() / table.dtype().bytes;
            stored.add(new Stored(table.name(), table.dtype(), numel, table.storage(), 0, table.shape(), stride));
        }
        write(out, name, stored, ByteOrder.LITTLE_ENDIAN);
    }

    private static Table table(Tensor tensor) {
        int[] shape = tensor.shape();
        long[] size = new long[shape.length];
        for (int d = 0; d < shape.length; d++) {
            size[d] = shape[d];
        }
        ByteBuffer bytes =
                ByteBuffer.allocate(tensor.size() * tensor.dtype().bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < tensor.size(); i++) {
            if (tensor.dtype() == Tensor.DType.FLOAT32) {
                bytes.putFloat(tensor.floats()[i]);
            } else {
                bytes.putDouble(tensor.doubles()[i]);
            }
        }
        return new Table(tensor.name(), tensor.dtype(), size, bytesOf(bytes.array()));
    }

    private static Storage bytesOf(byte[] bytes) {
        return new Storage() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(bytes);
            }
        };
    }

    static void write(OutputStream out, String name, List<Stored> tensors, ByteOrder order) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setMethod(ZipOutputStream.STORED);
        stored(zip, name + "/data.pkl", bytesOf(pickle(tensors)));
        stored(
                zip,
                name + "/byteorder",
                bytesOf((order == ByteOrder.BIG_ENDIAN ? "big" : "little").getBytes(StandardCharsets.US_ASCII)));
        for (int i = 0; i < tensors.size(); i++) {
            stored(zip, name + "/data/" + i, tensors.get(i).storage());
        }
        stored(zip, name + "/version", bytesOf("3\n".getBytes(StandardCharsets.US_ASCII)));
        zip.finish();
    }

    private static void stored(ZipOutputStream zip, String name, Storage data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length());
        entry.setCompressedSize(data.length());
        CheckedOutputStream crc = new CheckedOutputStream(OutputStream.nullOutputStream(), new CRC32());
        data.writeTo(crc);
        entry.setCrc(crc.getChecksum().getValue());
        // A fixed time, so the same model always gives the same bytes.
        entry.setTime(315532800000L);
        zip.putNextEntry(entry);
        data.writeTo(zip);
        zip.closeEntry();
    }

    /** The protocol-2 pickle of the state dict, the opcodes {@code torch.save} emits for it. */
    private static byte[] pickle(List<Stored> tensors) {
        Pickle p = new Pickle();
        p.op(0x80).op(2);
        p.global("collections", "OrderedDict").op(')').op('R');
        p.op('(');
        for (int i = 0; i < tensors.size(); i++) {
            Stored tensor = tensors.get(i);
            p.text(tensor.name());
            p.global("torch._utils", "_rebuild_tensor_v2");
            p.op('(');
            p.op('(')
                    .text("storage")
                    .global("torch", tensor.dtype().storage)
                    .text(Integer.toString(i))
                    .text("cpu");
            p.integer(tensor.declaredNumel()).op('t').op('Q');
            p.integer(tensor.offset());
            p.op('(');
            for (long size : tensor.size()) {
                p.integer(size);
            }
            p.op('t').op('(');
            for (long stride : tensor.stride()) {
                p.integer(stride);
            }
            p.op('t').op(0x89);
            p.global("collections", "OrderedDict").op(')').op('R');
            p.op('t').op('R');
        }
        p.op('u').op('.');
        return p.bytes.toByteArray();
    }

    /** The few pickle opcodes a state dict needs. */
    private static final class Pickle {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Pickle op(int code) {
            bytes.write(code);
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            bytes.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        /** BINUNICODE: a 4-byte little-endian length, then UTF-8. */
        Pickle text(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            op('X');
            littleEndian(utf8.length, 4);
            bytes.writeBytes(utf8);
            return this;
        }

        /** BININT for what fits 32 signed bits, LONG1 beyond. */
        Pickle integer(long value) {
            if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                op('J');
                littleEndian(value, 4);
            } else {
                op(0x8a).op(8);
                littleEndian(value, 8);
            }
            return this;
        }

        private void littleEndian(long value, int width) {
            for (int b = 0; b < width; b++) {
                bytes.write((int) (value >>> (8 * b)) & 0xff);
            }
        }
    }
}
