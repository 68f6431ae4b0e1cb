package io.mfrecommender.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Fetches the MovieLens 1M archive once, verifies its checksum and unpacks it under the data
 * directory; later calls find the verified copy and touch no network. MovieLens may not be
 * redistributed (its README), so the service fetches it for the user instead of shipping it.
 *
 * <p>Crash safety: the archive is written to a {@code .part} file and unpacked into a temporary
 * folder that is renamed into place only after it is complete, so an interrupted download is
 * never mistaken for a good one.
 */
public final class MovieLensDownloader {

    /** Where the unpacked files are. */
    public record Files1M(Path ratings, Path movies) {}

    static final String FOLDER = "ml-1m";
    private static final String VERIFIED_MARKER = ".verified";

    private final HttpClient client;
    private final URI url;
    private final Checksum checksum;
    private final Path directory;
    private final Duration timeout;

    public MovieLensDownloader(URI url, String checksum, Path directory, Duration timeout) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.url = url;
        this.checksum = Checksum.parse(checksum);
        this.directory = directory;
        this.timeout = timeout;
    }

    /** Returns the unpacked files, downloading and verifying them first when no verified copy exists. */
    public Files1M ensure() {
        Path target = directory.resolve(FOLDER);
        Files1M files = new Files1M(target.resolve("ratings.dat"), target.resolve("movies.dat"));
        if (Files.exists(target.resolve(VERIFIED_MARKER)) && Files.exists(files.ratings())) {
            return files;
        }
        try {
            Files.createDirectories(directory);
            Path archive = download();
            unpack(archive, target);
            Files.deleteIfExists(archive);
            return files;
        } catch (IOException e) {
            throw new DataLoadException(
                    "could not fetch MovieLens 1M from " + url + ": " + e.getMessage()
                            + "; download it yourself and point recommender.data.ratings at its ratings.dat",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataLoadException("interrupted while fetching MovieLens 1M from " + url, e);
        }
    }

    private Path download() throws IOException, InterruptedException {
        Path part = directory.resolve(FOLDER + ".zip.part");
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest digest = checksum.newDigest();
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("server answered HTTP " + response.statusCode());
            }
            try (InputStream in = new DigestInputStream(body, digest);
                    OutputStream out = Files.newOutputStream(part)) {
                in.transferTo(out);
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(checksum.hex())) {
            Files.deleteIfExists(part);
            throw new DataLoadException("checksum mismatch for " + url + ": expected " + checksum.algorithm() + " "
                    + checksum.hex() + ", got " + actual + "; the download was discarded");
        }
        Path archive = directory.resolve(FOLDER + ".zip");
        Files.move(part, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return archive;
    }

    /** Unpacks the archive's files (without its top folder) into {@code target}, atomically. */
    private void unpack(Path archive, Path target) throws IOException {
        Path staging = Files.createTempDirectory(directory, FOLDER + ".unpacking-");
        boolean sawRatings = false;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                String fileName = name.substring(name.lastIndexOf('/') + 1);
                if (fileName.isEmpty() || fileName.equals("..") || fileName.contains("\\")) {
                    continue;
                }
                Path out = staging.resolve(fileName).normalize();
                if (!out.getParent().equals(staging.normalize())) {
                    throw new IOException("archive entry '" + name + "' escapes the target folder");
                }
                Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                sawRatings |= fileName.equals("ratings.dat");
            }
        }
        if (!sawRatings) {
            deleteRecursively(staging);
            throw new DataLoadException(url + ": the archive holds no ratings.dat");
        }
        Files.writeString(
                staging.resolve(VERIFIED_MARKER),
                checksum.algorithm() + " " + checksum.hex() + "\n",
                StandardCharsets.US_ASCII);
        if (Files.exists(target)) {
            deleteRecursively(target);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            deleteRecursively(staging);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A checksum written as {@code md5:<hex>} or {@code sha256:<hex>}. */
    record Checksum(String algorithm, String hex) {

        static Checksum parse(String text) {
            String[] parts = text.strip().split(":", 2);
            if (parts.length != 2 || !parts[1].matches("[0-9a-fA-F]+")) {
                throw new IllegalArgumentException("checksum '" + text + "' must look like md5:<hex> or sha256:<hex>");
            }
            String algorithm = switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "md5" -> "MD5";
                case "sha256", "sha-256" -> "SHA-256";
                default ->
                    throw new IllegalArgumentException("checksum algorithm '" + parts[0] + "' is not md5 or sha256");
            };
            return new Checksum(algorithm, parts[1].toLowerCase(Locale.ROOT));
        }

        MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(algorithm + " is required of every JVM", e);
            }
        }
    }
}
