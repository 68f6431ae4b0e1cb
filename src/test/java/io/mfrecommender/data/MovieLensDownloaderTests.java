package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serves an archive built here from a loopback HTTP server: no test reaches the internet. */
class MovieLensDownloaderTests {

    private static final String RATINGS = "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n";
    private static final String MOVIES =
            "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::James and the Giant Peach (1996)::Animation|Children's|Musical\n";

    @TempDir
    Path dataDir;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private byte[] archive;
    private int status = 200;

    @BeforeEach
    void startServer() throws IOException {
        archive = zip();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ml-1m.zip", exchange -> {
            requests.incrementAndGet();
            byte[] body = status == 200 ? archive : "gone".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ml-1m.zip");
    }

    private MovieLensDownloader downloader(String checksum) {
        return new MovieLensDownloader(url(), checksum, dataDir, Duration.ofSeconds(10));
    }

    @Test
    void downloadsVerifiesUnpacksAndThenUsesTheCachedCopy() throws Exception {
        MovieLensDownloader.Files1M files = downloader("md5:" + digest("MD5")).ensure();
        assertThat(files.ratings()).hasContent(RATINGS.strip());
        Dataset d =
                new RatingsReader(ParseMode.STRICT, null).read(files.ratings()).dataset();
        assertThat(d.size()).isEqualTo(3);
        assertThat(new CatalogReader(ParseMode.STRICT)
                        .read(files.movies())
                        .find(1193)
                        .orElseThrow()
                        .year())
                .isEqualTo(1975);
        assertThat(dataDir.resolve("ml-1m.zip")).doesNotExist();

        downloader("md5:" + digest("MD5")).ensure();
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void acceptsSha256Checksums() throws Exception {
        assertThat(downloader("sha256:" + digest("SHA-256")).ensure().ratings()).exists();
    }

    @Test
    void checksumMismatchDiscardsTheDownload() {
        assertThatThrownBy(
                        () -> downloader("md5:00000000000000000000000000000000").ensure())
                .isInstanceOf(DataLoadException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("expected MD5 00000000000000000000000000000000");
        assertThat(dataDir.resolve("ml-1m")).doesNotExist();
        assertThat(dataDir.resolve("ml-1m.zip.part")).doesNotExist();
    }

    @Test
    void httpErrorsAreReportedWithTheStatus() throws Exception {
        status = 404;
        assertThatThrownBy(() -> downloader("md5:" + digest("MD5")).ensure())
                .isInstanceOf(DataLoadException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("recommender.data.ratings");
    }

    @Test
    void malformedChecksumSettingIsRejected() {
        assertThatThrownBy(() -> downloader("crc32:abcd")).hasMessageContaining("not md5 or sha256");
        assertThatThrownBy(() -> downloader("md5")).hasMessageContaining("must look like md5:<hex>");
    }

    private String digest(String algorithm) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(archive));
    }

    private static byte[] zip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("ml-1m/"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("ml-1m/ratings.dat"));
            zip.write(RATINGS.getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("ml-1m/movies.dat"));
            zip.write(MOVIES.getBytes(StandardCharsets.ISO_8859_1));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
