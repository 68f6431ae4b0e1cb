package io.mfrecommender.model;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Model versions on disk, one directory each:
 * <pre>
 *   &lt;root&gt;/&lt;version&gt;/user-factors.npy  float32, users × k
 *                       item-factors.npy  float32, items × k
 *                       user-bias.npy     float32, users
 *                       item-bias.npy     float32, items
 *                       user-ids.npy      int64, users (external ids, row order)
 *                       item-ids.npy      int64, items
 *                       ranking-user-factors.npy  float32, users × k' (only with a ranker)
 *                       ranking-item-factors.npy  float32, items × k'
 *                       manifest.json     {@link ModelManifest}, with a {@code ranker} section when it has one
 *   &lt;root&gt;/ACTIVE                       name of the active version
 * </pre>
 * A version is written into a hidden temporary directory, flushed to disk, and renamed into place
 * in one step; {@code ACTIVE} is replaced the same way. A crash at any moment therefore leaves
 * either the old state or the new one, never a half-written model.
 *
 * <p>Factors saved by NumPy ({@code np.save}, float32 or float64) load too: a directory with the
 * two factor files, the two id files and a manifest giving {@code globalMean}, {@code scaleMin}
 * and {@code scaleMax} is a servable model; missing bias files mean zero biases.
 */
public final class ModelStore {

    static final String ACTIVE = "ACTIVE";
    static final String MANIFEST = "manifest.json";
    static final String RANKING_USER_FACTORS = "ranking-user-factors.npy";
    static final String RANKING_ITEM_FACTORS = "ranking-item-factors.npy";
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Path root;
    private final JsonMapper json = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final boolean readOnly;

    public ModelStore(Path root) {
        this(root, false);
    }

    /** @param readOnly never write under {@code root}, whether or not the filesystem would allow it */
    public ModelStore(Path root, boolean readOnly) {
        this.root = root;
        this.readOnly = readOnly;
    }

    /**
     * Whether this store may write: not configured read-only, and its directory (once it exists) on
     * a filesystem that takes writes. A replica that shares another instance's directory must not
     * delete that instance's staging directories or replace its {@code ACTIVE}.
     */
    public boolean writable() {
        return !readOnly && (!Files.isDirectory(root) || Files.isWritable(root));
    }

    /**
     * Deletes what a crash can leave behind: staging directories of saves that never reached their
     * rename, and versions caught half-way through deletion. Neither was ever a loadable version.
     * Returns how many were removed.
     */
    public synchronized int removeLeftovers() {
        if (!Files.isDirectory(root) || !writable()) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> entries = Files.list(root)) {
            for (Path dir : entries.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                if (name.startsWith(".staging-") || name.startsWith(".deleting-")) {
                    deleteTree(dir);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new ModelStoreException("could not clean up " + root + ": " + e.getMessage(), e);
        }
        return removed;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    public Path root() {
        return root;
    }

    /** Saves the model under a new version name and returns it carrying that name. */
    public synchronized FactorModel save(FactorModel model) {
        Path staging = null;
        try {
            Files.createDirectories(root);
            String version = newVersion(model.manifest());
            FactorModel named = model.withManifest(model.manifest().withVersion(version));
            staging = Files.createTempDirectory(root, ".staging-" + version + "-");
            VersionFiles.write(staging, named, json);
            fsyncDirectory(staging);
            moveAtomically(staging, root.resolve(version));
            fsyncDirectory(root);
            return named;
        } catch (IOException | RuntimeException e) {
            // A full disk stays full while half a version sits in staging: remove it before reporting.
            if (staging != null && Files.exists(staging)) {
                try {
                    deleteTree(staging);
                } catch (IOException again) {
                    e.addSuppressed(again);
                }
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ModelStoreException("could not save the model under " + root + ": " + reason((IOException) e), e);
        }
    }

    /** What failed, without the path where the exception names only a file. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + " ("
                    + (fs.getFile() == null ? "" : Path.of(fs.getFile()).getFileName()) + ")";
        }
        return e.getMessage();
    }

    public FactorModel load(String version) {
        Path dir = versionDirectory(version);
        if (!Files.isDirectory(dir)) {
            throw new ModelStoreException("model version '" + version + "' not found under " + root);
        }
        return load(dir, version);
    }

    /** The version's approximate item index (its graphs' file), derived from its ranker after saving. */
    static final String ITEM_INDEX = "item-index";

    /** The files a version may have; anything else in a directory being imported is left behind. */
    private static final List<String> VERSION_FILES = List.of(
            "user-factors.npy",
            "item-factors.npy",
            "user-bias.npy",
            "item-bias.npy",
            "user-ids.npy",
            "item-ids.npy",
            RANKING_USER_FACTORS,
            RANKING_ITEM_FACTORS,
            MANIFEST);

    /**
     * Copies a version made elsewhere (a Spark job, another instance's backup) into the store: its
     * files (and only those: a job's {@code _SUCCESS} marker stays behind) into a staging directory,
     * forced to disk, validated there by loading it as {@link #load} does, then renamed into place
     * under the source directory's name, or a new name when that is taken or not a valid version
     * name. A missing or damaged file refuses the whole import, naming the file; nothing is
     * registered and nothing served changes. Activating the imported version is a separate step.
     *
     * @return the imported version, carrying its name in the store
     * @throws ModelStoreException naming the file that is missing or damaged
     */
    public synchronized FactorModel importVersion(Path source) {
        if (!Files.isDirectory(source)) {
            throw new ModelStoreException(source + " is not a directory holding a model version");
        }
        Path staging = null;
        try {
            Files.createDirectories(root);
            staging = Files.createTempDirectory(root, ".staging-import-");
            for (String name : VERSION_FILES) {
                Path file = source.resolve(name);
                if (Files.isRegularFile(file)) {
                    Path copy = staging.resolve(name);
                    writeDurably(copy, out -> Files.copy(file, out));
                }
            }
            FactorModel model;
            try {
                model = load(staging, "import");
            } catch (ModelStoreException e) {
                throw new ModelStoreException(
                        e.getMessage()
                                .replace(staging.toString(), source.toString())
                                .replace("'import'", "at " + source),
                        e);
            }
            String wanted = source.toAbsolutePath().normalize().getFileName() == null
                    ? ""
                    : source.toAbsolutePath().normalize().getFileName().toString();
            String version = isVersionName(wanted) && !Files.exists(root.resolve(wanted))
                    ? wanted
                    : newVersion(model.manifest());
            fsyncDirectory(staging);
            moveAtomically(staging, root.resolve(version));
            fsyncDirectory(root);
            staging = null;
            return model.withManifest(model.manifest().withVersion(version));
        } catch (IOException e) {
            throw new ModelStoreException("could not import " + source + ": " + reason(e), e);
        } finally {
            if (staging != null && Files.exists(staging)) {
                try {
                    deleteTree(staging);
                } catch (IOException ignored) {
                    // removeLeftovers() takes it at the next start.
                }
            }
        }
    }

    private FactorModel load(Path dir, String version) {
        return VersionFiles.read(dir, version, json);
    }

    /** Manifests of every readable version, newest first. */
    public List<ModelManifest> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ModelManifest> manifests = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                if (VERSION.matcher(name).matches() && Files.exists(dir.resolve(MANIFEST))) {
                    try {
                        manifests.add(VersionFiles.readManifest(dir, json).withVersion(name));
                    } catch (IOException | RuntimeException e) {
                        // An unreadable manifest is skipped here; load(version) reports why.
                    }
                }
            }
        } catch (IOException e) {
            throw new ModelStoreException("could not list " + root + ": " + e.getMessage(), e);
        }
        manifests.sort(Comparator.comparing(ModelManifest::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(ModelManifest::version, Comparator.reverseOrder()));
        return manifests;
    }

    /**
     * Whether {@code version} is a saved version: a directory holding its manifest. Other folders under the models directory ({@code jobs}, {@code experiments})
     * are not versions.
     */
    public boolean exists(String version) {
        return isVersionName(version)
                && Files.isRegularFile(root.resolve(version).resolve(MANIFEST));
    }

    /**
     * A version name from a client reaches the filesystem only as one plain directory name directly
     * under the models directory: the pattern, and then the resolved path itself, say so.
     */
    private boolean isVersionName(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            return false;
        }
        Path base = root.toAbsolutePath().normalize();
        return base.equals(base.resolve(version).normalize().getParent());
    }

    /** The version named by {@code ACTIVE}, if any. */
    public Optional<String> activeVersion() {
        try {
            String name = Files.readString(root.resolve(ACTIVE), StandardCharsets.UTF_8)
                    .strip();
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ModelStoreException("could not read " + root.resolve(ACTIVE) + ": " + e.getMessage(), e);
        }
    }

    /** Makes {@code version} the active one, atomically. */
    public synchronized void activate(String version) {
        if (!exists(version)) {
            throw new ModelStoreException("model version '" + version + "' not found under " + root);
        }
        try {
            Path temp = root.resolve(".ACTIVE.tmp");
            writeDurably(temp, out -> out.write((version + "\n").getBytes(StandardCharsets.UTF_8)));
            moveAtomically(temp, root.resolve(ACTIVE));
            fsyncDirectory(root);
        } catch (IOException e) {
            throw new ModelStoreException("could not activate '" + version + "': " + e.getMessage(), e);
        }
    }

    /**
     * Removes a version: renamed to a hidden name first (atomic), then deleted, so a crash half-way
     * never leaves a directory that looks like a version. The active version cannot be deleted.
     */
    public synchronized void delete(String version) {
        Path dir = versionDirectory(version);
        if (activeVersion().map(version::equals).orElse(false)) {
            throw new ModelStoreException("model version '" + version + "' is active and cannot be deleted");
        }
        try {
            Path doomed = root.resolve(".deleting-" + version);
            moveAtomically(dir, doomed);
            deleteTree(doomed);
        } catch (IOException e) {
            throw new ModelStoreException("could not delete model version '" + version + "': " + e.getMessage(), e);
        }
    }

    /** The directory holding {@code version}'s item index, which may not exist (yet). */
    public Path itemIndexDirectory(String version) {
        return versionDirectory(version).resolve(ITEM_INDEX);
    }

    /**
     * A new empty directory in the store to build something in before {@link #publishItemIndex}
     * moves it into place; a crash leaves it to {@link #removeLeftovers}.
     */
    public Path newStagingDirectory(String purpose) {
        try {
            Files.createDirectories(root);
            return Files.createTempDirectory(root, ".staging-" + purpose + "-");
        } catch (IOException e) {
            throw new ModelStoreException("could not create a staging directory: " + reason(e), e);
        }
    }

    /**
     * Moves a finished index built in {@code staged} (from {@link #newStagingDirectory}) into
     * {@code version}'s directory with one atomic rename, after forcing its files to disk.
     *
     * @return false, with {@code staged} deleted, when the version has one already (another
     *     instance built it first) or is gone
     */
    public synchronized boolean publishItemIndex(String version, Path staged) {
        Path target = itemIndexDirectory(version);
        try {
            if (Files.exists(target) || !Files.isDirectory(target.getParent())) {
                deleteTree(staged);
                return false;
            }
            try (Stream<Path> files = Files.list(staged)) {
                for (Path file : files.toList()) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                }
            }
            fsyncDirectory(staged);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(target.getParent());
            return true;
        } catch (IOException e) {
            throw new ModelStoreException("could not store the item index of '" + version + "': " + reason(e), e);
        }
    }

    /** Deletes {@code version}'s item index (one that does not match its factors), renamed away first. */
    public synchronized void discardItemIndex(String version) {
        Path index = itemIndexDirectory(version);
        if (!Files.exists(index)) {
            return;
        }
        try {
            Path doomed = Files.createTempDirectory(root, ".deleting-index-");
            Files.delete(doomed);
            moveAtomically(index, doomed);
            deleteTree(doomed);
        } catch (IOException e) {
            throw new ModelStoreException("could not delete the item index of '" + version + "': " + reason(e), e);
        }
    }

    private Path versionDirectory(String version) {
        if (!isVersionName(version)) {
            throw new ModelStoreException("'" + version + "' is not a valid model version name");
        }
        return root.resolve(version);
    }

    private String newVersion(ModelManifest manifest) {
        String base = VERSION_TIME.format(manifest.createdAt() == null ? Instant.now() : manifest.createdAt()) + "-"
                + (manifest.algorithm() == null ? "model" : manifest.algorithm());
        String version = base;
        for (int n = 2; Files.exists(root.resolve(version)); n++) {
            version = base + "-" + n;
        }
        return version;
    }

    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes a file and forces it to disk before returning. */
    static void writeDurably(Path file, Writer writer) throws IOException {
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            BufferedOutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            writer.write(out);
            out.flush();
            channel.force(true);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system under " + to.getParent() + " cannot rename atomically", e);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can sync a directory; the renames stay atomic regardless.
        }
    }
}
