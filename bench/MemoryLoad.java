import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Drives every class of memory a client controls against a running service (bench/memory-load.sh
 * starts it), on loopback only, for a bounded time, and prints what it saw:
 *   - distinct user ids asking for recommendations during an experiment (up to 1,000,000, each once);
 *   - rounds of 16 concurrent maximal uploads (a valid .pth just under the upload limit);
 *   - exports of the default version, several at once;
 *   - uploads of a pickle nesting lists 200,000 deep;
 *   - a probe of one known user's recommendations, whose latencies give the p99 beside idle's.
 * The heap after a full GC is sampled by the script (jcmd), not here.
 *   usage: java bench/MemoryLoad.java BASE_URL API_KEY SECONDS WORKDIR [idle-seconds=20] [ids=1000000]
 */
public class MemoryLoad {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static String base;
    static String key;
    static final Map<String, LongAdder> STATUSES = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        base = args[0];
        key = args[1];
        long seconds = Long.parseLong(args[2]);
        Path work = Path.of(args[3]);
        long idleSeconds = args.length > 4 ? Long.parseLong(args[4]) : 20;
        long maxIds = args.length > 5 ? Long.parseLong(args[5]) : 1_000_000;

        Path maximal = work.resolve("maximal.pth");
        if (!Files.exists(maximal)) {
            writeMaximalPth(maximal, (256L << 20) - (64 << 10));
        }
        byte[] deep = deepPickle(200_000);

        long[] idle = probe(Duration.ofSeconds(idleSeconds), new AtomicBoolean(false));
        System.out.printf("idle: %d requests, p50 %.2f ms, p99 %.2f ms%n", idle.length, pct(idle, 50), pct(idle, 99));

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newCachedThreadPool();
        AtomicLong nextId = new AtomicLong(1);
        LongAdder lists = new LongAdder();
        List<java.util.concurrent.Future<?>> idDrivers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            idDrivers.add(pool.submit(() -> {
                for (long id = nextId.getAndIncrement(); id <= maxIds; id = nextId.getAndIncrement()) {
                    count("recommendations", get("/users/" + id + "/recommendations?limit=10"));
                    lists.increment();
                }
                return null;
            }));
        }
        LongAdder uploads = new LongAdder();
        pool.submit(() -> {
            while (!stop.get()) {
                List<Thread> round = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    Thread upload = new Thread(() -> {
                        try {
                            count("upload", post("/models/imports", HttpRequest.BodyPublishers.ofFile(maximal)));
                        } catch (IOException e) {
                            count("upload", -2);
                        }
                        uploads.increment();
                    });
                    upload.start();
                    round.add(upload);
                }
                for (Thread upload : round) {
                    upload.join();
                }
                Thread.sleep(10_000);
            }
            return null;
        });
        String version = activeVersion();
        LongAdder exports = new LongAdder();
        for (int t = 0; t < 3; t++) {
            pool.submit(() -> {
                while (!stop.get()) {
                    count("export", drain("/models/" + version + "/pth"));
                    exports.increment();
                    Thread.sleep(5000);
                }
                return null;
            });
        }
        LongAdder deepUploads = new LongAdder();
        pool.submit(() -> {
            while (!stop.get()) {
                count("deep-pickle", post("/models/imports", HttpRequest.BodyPublishers.ofByteArray(deep)));
                deepUploads.increment();
                Thread.sleep(1000);
            }
            return null;
        });
        long[] loaded = probe(Duration.ofSeconds(seconds), stop);
        stop.set(true);
        System.out.printf("under load: %d probe requests, p50 %.2f ms, p99 %.2f ms (%.2f x idle p99)%n",
                loaded.length, pct(loaded, 50), pct(loaded, 99), pct(loaded, 99) / pct(idle, 99));
        System.out.printf("in %d s: distinct user ids asking for lists: %d; maximal uploads: %d; exports: %d; "
                        + "deep pickles: %d%n",
                seconds, lists.sum(), uploads.sum(), exports.sum(), deepUploads.sum());
        // The rest of the million ids alone, as fast as they go.
        long start = System.nanoTime();
        for (java.util.concurrent.Future<?> driver : idDrivers) {
            driver.get();
        }
        System.out.printf("then the rest of the %,d distinct ids alone in %.0f s%n",
                maxIds, (System.nanoTime() - start) / 1e9);
        pool.shutdown();
        pool.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
        System.out.println("statuses: " + new TreeMap<>(STATUSES));
    }

    static void count(String what, int status) {
        STATUSES.computeIfAbsent(what + " " + status, k -> new LongAdder()).increment();
    }

    /** Latencies (ns) of one known user's recommendations, back to back, for {@code length} or until stopped. */
    static long[] probe(Duration length, AtomicBoolean stop) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        List<Long> times = new ArrayList<>();
        while (System.nanoTime() < end && !stop.get()) {
            long start = System.nanoTime();
            int status = get("/users/42/recommendations?limit=10");
            times.add(System.nanoTime() - start);
            if (status != 200) {
                count("probe", status);
            }
            Thread.sleep(20);
        }
        return times.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }

    static int get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static int drain(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                                    .header("X-API-Key", key)
                                    .timeout(Duration.ofMinutes(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static int post(String path, HttpRequest.BodyPublisher body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                                    .header("X-API-Key", key)
                                    .header("Content-Type", "application/octet-stream")
                                    .expectContinue(true)
                                    .timeout(Duration.ofMinutes(5))
                                    .POST(body)
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static String activeVersion() throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/models")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        int at = body.indexOf("\"active\":\"") + "\"active\":\"".length();
        return body.substring(at, body.indexOf('"', at));
    }

    /**
     * A state dict as torch.save writes it, of about {@code bytes}: user_factors.weight (8 x 4) and an
     * item_factors.weight of as many rows of 4 float32 as fit (zeros), stored uncompressed.
     */
    static void writeMaximalPth(Path file, long bytes) throws IOException {
        long rows = (bytes - 4096) / 16;
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setMethod(ZipOutputStream.STORED);
            stored(zip, "archive/data.pkl", statePickle(8 * 4, new long[] {8, 4}, rows * 4, new long[] {rows, 4}));
            stored(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            stored(zip, "archive/data/0", new byte[8 * 4 * 4]);
            ZipEntry entry = new ZipEntry("archive/data/1");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(rows * 16);
            entry.setCompressedSize(rows * 16);
            CRC32 crc = new CRC32();
            byte[] zeros = new byte[1 << 16];
            for (long left = rows * 16; left > 0; left -= zeros.length) {
                crc.update(zeros, 0, (int) Math.min(zeros.length, left));
            }
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            for (long left = rows * 16; left > 0; left -= zeros.length) {
                zip.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
            zip.closeEntry();
        }
    }

    static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /** The protocol-2 pickle torch.save writes for two float32 tensors (storages "0" and "1"). */
    static byte[] statePickle(long numel0, long[] shape0, long numel1, long[] shape1) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80);
        p.write(2);
        global(p, "collections", "OrderedDict");
        p.write(')');
        p.write('R');
        p.write('(');
        tensor(p, "user_factors.weight", "0", numel0, shape0);
        tensor(p, "item_factors.weight", "1", numel1, shape1);
        p.write('u');
        p.write('.');
        return p.toByteArray();
    }

    static void tensor(ByteArrayOutputStream p, String name, String key, long numel, long[] shape) {
        text(p, name);
        global(p, "torch._utils", "_rebuild_tensor_v2");
        p.write('(');
        p.write('(');
        text(p, "storage");
        global(p, "torch", "FloatStorage");
        text(p, key);
        text(p, "cpu");
        integer(p, numel);
        p.write('t');
        p.write('Q');
        integer(p, 0);
        p.write('(');
        for (long size : shape) {
            integer(p, size);
        }
        p.write('t');
        p.write('(');
        integer(p, shape[1]);
        integer(p, 1);
        p.write('t');
        p.write(0x89);
        global(p, "collections", "OrderedDict");
        p.write(')');
        p.write('R');
        p.write('t');
        p.write('R');
    }

    static void global(ByteArrayOutputStream p, String module, String name) {
        p.write('c');
        p.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    static void text(ByteArrayOutputStream p, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        p.write('X');
        for (int b = 0; b < 4; b++) {
            p.write((utf8.length >>> (8 * b)) & 0xff);
        }
        p.writeBytes(utf8);
    }

    static void integer(ByteArrayOutputStream p, long value) {
        p.write('J');
        for (int b = 0; b < 4; b++) {
            p.write((int) (value >>> (8 * b)) & 0xff);
        }
    }

    /** A .pth whose data.pkl nests {@code depth} lists (stored, not deflated). */
    static byte[] deepPickle(int depth) throws IOException {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(0x80);
        pickle.write(2);
        for (int i = 0; i < depth; i++) {
            pickle.write(']');
        }
        for (int i = 1; i < depth; i++) {
            pickle.write('a');
        }
        pickle.write('.');
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setMethod(ZipOutputStream.STORED);
            stored(zip, "archive/data.pkl", pickle.toByteArray());
        }
        return file.toByteArray();
    }
}
