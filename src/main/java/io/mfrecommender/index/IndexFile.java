package io.mfrecommender.index;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The one file of an {@link ItemIndex}: a header (what the graphs were built from: counts and the
 * CRC-32C of both sets of vectors), the two graphs' links, and a CRC-32C of everything before it,
 * all little-endian. The vectors are not in it: the version holds them already, and the header's
 * checksums tie the links to them. It is read whole onto the heap: every search step is a read
 * from it, and arrays are what the JIT reads fastest. A file that is truncated, altered, or of
 * another format version fails to read with an {@link IOException}; the caller builds anew.
 */
final class IndexFile {

    static final String NAME = "items.hnsw";
    private static final long MAGIC = 0x31304e5748464d2eL; // ".MFHWN01" read little-endian
    private static final int FORMAT = 1;
    private static final int MAX_DERIVATION = 1024;

    /**
     * What the file describes: the checksums are those ({@link ItemIndex#checksum}) of the
     * inner-product rows and of the unit-length rows.
     */
    record Header(int rows, int dimensions, int maxConnections, long checksum, long unitChecksum, String derivation) {}

    /** A file's contents, its graphs without their vectors (the caller pairs them). */
    record Contents(Header header, Links inner, Links cosine) {}

    /** One graph's links: see {@link HnswGraph}. */
    record Links(int entry, int topLayer, int[] layer0, int[][] upper) {

        static Links of(HnswGraph graph) {
            return new Links(graph.entry, graph.topLayer, graph.layer0, graph.upper);
        }

        HnswGraph over(float[] vectors, Header header) {
            return new HnswGraph(
                    vectors,
                    header.rows(),
                    header.dimensions(),
                    header.maxConnections(),
                    layer0,
                    upper,
                    entry,
                    topLayer);
        }
    }

    private IndexFile() {}

    static void write(Path directory, Header header, HnswGraph inner, HnswGraph cosine) throws IOException {
        try (Output out = new Output(
                FileChannel.open(directory.resolve(NAME), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            out.putLong(MAGIC);
            out.putInt(FORMAT);
            out.putInt(header.rows());
            out.putInt(header.dimensions());
            out.putInt(header.maxConnections());
            out.putLong(header.checksum());
            out.putLong(header.unitChecksum());
            byte[] derivation = header.derivation().getBytes(StandardCharsets.UTF_8);
            out.putInt(derivation.length);
            out.putBytes(derivation);
            for (HnswGraph graph : new HnswGraph[] {inner, cosine}) {
                out.putInt(graph.entry);
                out.putInt(graph.topLayer);
                out.putInts(graph.layer0, graph.layer0.length);
                for (int node = 0; node < graph.size; node++) {
                    out.putByte(graph.layersAbove(node));
                }
                for (int[] links : graph.upper) {
                    if (links != null) {
                        out.putInts(links, links.length);
                    }
                }
            }
            out.finish();
        }
    }

    /** The header alone: cheap, so that a mismatch is found before the graphs are read. */
    static Header header(Path directory) throws IOException {
        try (Input in = new Input(FileChannel.open(directory.resolve(NAME), StandardOpenOption.READ))) {
            return readHeader(in);
        }
    }

    static Contents read(Path directory) throws IOException {
        try (Input in = new Input(FileChannel.open(directory.resolve(NAME), StandardOpenOption.READ))) {
            Header header = readHeader(in);
            Links inner = readLinks(in, header);
            Links cosine = readLinks(in, header);
            in.verify();
            return new Contents(header, inner, cosine);
        }
    }

    private static Header readHeader(Input in) throws IOException {
        if (in.getLong() != MAGIC) {
            throw new IOException("not an item index file");
        }
        int format = in.getInt();
        if (format != FORMAT) {
            throw new IOException("item index format " + format + ", this version reads " + FORMAT);
        }
        int rows = in.getInt();
        int dimensions = in.getInt();
        int maxConnections = in.getInt();
        long checksum = in.getLong();
        long unitChecksum = in.getLong();
        int length = in.getInt();
        if (rows < 0
                || dimensions < 1
                || maxConnections < 2
                || maxConnections > 512
                || length < 0
                || length > MAX_DERIVATION) {
            throw new IOException("the item index header is damaged");
        }
        byte[] derivation = new byte[length];
        in.getBytes(derivation);
        return new Header(
                rows,
                dimensions,
                maxConnections,
                checksum,
                unitChecksum,
                new String(derivation, StandardCharsets.UTF_8));
    }

    private static Links readLinks(Input in, Header header) throws IOException {
        int entry = in.getInt();
        int topLayer = in.getInt();
        int slot0 = 1 + 2 * header.maxConnections();
        int slotUpper = 1 + header.maxConnections();
        int[] layer0 = new int[Math.multiplyExact(header.rows(), slot0)];
        in.getInts(layer0);
        byte[] layers = new byte[header.rows()];
        in.getBytes(layers);
        int[][] upper = new int[header.rows()][];
        for (int node = 0; node < header.rows(); node++) {
            if (layers[node] < 0 || layers[node] > topLayer) {
                throw new IOException("the item index graph is damaged");
            }
            if (layers[node] > 0) {
                upper[node] = new int[layers[node] * slotUpper];
                in.getInts(upper[node]);
            }
        }
        if (header.rows() > 0 && (entry < 0 || entry >= header.rows() || layers[entry] != topLayer)) {
            throw new IOException("the item index graph is damaged");
        }
        checkLinks(layer0, slot0, header.rows());
        for (int[] links : upper) {
            if (links != null) {
                checkLinks(links, slotUpper, header.rows());
            }
        }
        return new Links(entry, topLayer, layer0, upper);
    }

    /** Every count within its slot and every neighbour a node: a search never reads out of bounds. */
    private static void checkLinks(int[] links, int slot, int rows) throws IOException {
        for (int at = 0; at < links.length; at += slot) {
            int count = links[at];
            if (count < 0 || count >= slot) {
                throw new IOException("the item index graph is damaged");
            }
            for (int j = 1; j <= count; j++) {
                if (links[at + j] < 0 || links[at + j] >= rows) {
                    throw new IOException("the item index graph is damaged");
                }
            }
        }
    }

    /** Buffered little-endian writes with a running CRC-32C. */
    private static final class Output implements AutoCloseable {

        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();

        Output(FileChannel channel) {
            this.channel = channel;
        }

        private void room(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        private void flush() throws IOException {
            buffer.flip();
            crc.update(buffer.duplicate());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        void putByte(int value) throws IOException {
            room(1);
            buffer.put((byte) value);
        }

        void putInt(int value) throws IOException {
            room(4);
            buffer.putInt(value);
        }

        void putLong(long value) throws IOException {
            room(8);
            buffer.putLong(value);
        }

        void putBytes(byte[] values) throws IOException {
            for (byte value : values) {
                putByte(value);
            }
        }

        void putInts(int[] values, int count) throws IOException {
            for (int at = 0; at < count; ) {
                room(4);
                int chunk = Math.min(count - at, buffer.remaining() / 4);
                buffer.asIntBuffer().put(values, at, chunk);
                buffer.position(buffer.position() + chunk * 4);
                at += chunk;
            }
        }

        /** Writes the CRC of all before it, and forces the file to the disk. */
        void finish() throws IOException {
            flush();
            buffer.putLong(crc.getValue());
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
            channel.force(true);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Buffered little-endian reads with a running CRC-32C. */
    private static final class Input implements AutoCloseable {

        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();

        Input(FileChannel channel) {
            this.channel = channel;
            buffer.limit(0);
        }

        /** Makes at least {@code bytes} (≤ 8) readable; what is consumed goes into the CRC. */
        private void need(int bytes) throws IOException {
            if (buffer.remaining() >= bytes) {
                return;
            }
            int consumed = buffer.position();
            ByteBuffer done = buffer.duplicate();
            done.position(0).limit(consumed);
            crc.update(done);
            buffer.compact();
            while (buffer.position() < bytes) {
                if (channel.read(buffer) < 0) {
                    throw new EOFException("the item index file is truncated");
                }
            }
            buffer.flip();
        }

        int getByte() throws IOException {
            need(1);
            return buffer.get();
        }

        int getInt() throws IOException {
            need(4);
            return buffer.getInt();
        }

        long getLong() throws IOException {
            need(8);
            return buffer.getLong();
        }

        void getBytes(byte[] values) throws IOException {
            for (int at = 0; at < values.length; at++) {
                values[at] = (byte) getByte();
            }
        }

        void getInts(int[] values) throws IOException {
            for (int at = 0; at < values.length; ) {
                need(4);
                int chunk = Math.min(values.length - at, buffer.remaining() / 4);
                buffer.asIntBuffer().get(values, at, chunk);
                buffer.position(buffer.position() + chunk * 4);
                at += chunk;
            }
        }

        /** Reads the stored CRC and compares it with the bytes read, and checks nothing follows. */
        void verify() throws IOException {
            need(0);
            int consumed = buffer.position();
            ByteBuffer done = buffer.duplicate();
            done.position(0).limit(consumed);
            crc.update(done);
            buffer.compact().flip();
            long expected = crc.getValue();
            need(8);
            long stored = buffer.getLong();
            if (stored != expected || buffer.hasRemaining() || channel.read(ByteBuffer.allocate(1)) >= 0) {
                throw new IOException("the item index file is damaged (checksum differs)");
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
