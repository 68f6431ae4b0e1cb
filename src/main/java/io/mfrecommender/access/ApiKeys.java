package io.mfrecommender.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The API keys the service accepts, known only by their SHA-256 digests: from
 * {@code recommender.security.keys} (settings or environment), the single
 * {@code recommender.security.api-key} (an {@code admin} key named {@code api-key}), and a key file
 * read again whenever it changes ({@link #reload}; a change counts once two reads in a row see it,
 * so a file rewritten in place is never taken up half-written), so keys are added, rotated and
 * withdrawn without a restart. The set in use is one immutable map, swapped whole; a file that does not parse leaves
 * the previous set in use.
 *
 * <p>A key file holds one key per line, {@code #} starts a comment:
 * <pre>
 * # id     scopes             digest of the key                 options
 * ops      admin              sha256:9f86d081884c7d65...        expires=2027-01-31T00:00:00Z
 * shop     read,write         sha256:60303ae22b998861...        rate=50
 * </pre>
 * {@code rate} is the key's own request rate (per second), instead of {@code limits.per-credential}.
 * A key is at least 16 characters; its digest is {@code sha256:} and the hex of SHA-256 over its
 * UTF-8 bytes ({@code recommend keys new} prints a new key and its line). During a rotation the
 * old and the new key are both listed; the old one stops working when its line goes or its
 * {@code expires} passes. Digests of high-entropy keys need no slow hash: nothing about a key can
 * be learned from a digest faster than by guessing keys.
 */
public final class ApiKeys {

    /**
     * One accepted key: who it names, what it may do, until when, and its own request rate.
     *
     * @param rate requests per second for this key; 0 for {@code limits.per-credential}
     */
    public record Key(String id, Set<Scope> scopes, String digest, Instant expires, double rate) {
        boolean liveAt(Instant now) {
            return expires == null || now.isBefore(expires);
        }
    }

    /** What a reload found: the ids now in use, and those added and removed. */
    public record Reload(Set<String> ids, Set<String> added, Set<String> removed) {}

    private final List<Key> configured;
    private final Path file;
    private volatile Map<String, Key> byDigest;
    private volatile String fileContent;
    private String refusedContent;
    private String seenOnce;

    /**
     * @param configured keys from the settings (and the single-key alias)
     * @param file the key file, or null for none
     * @throws IllegalArgumentException when the file does not parse, with the line (never a digest)
     */
    public ApiKeys(List<Key> configured, Path file) {
        this.configured = List.copyOf(configured);
        this.file = file;
        this.fileContent = file == null ? "" : read(file);
        this.byDigest = index(this.configured, parse(fileContent));
    }

    /** The key a caller presented, if it is one in use and not expired. */
    public Key find(String presented, Instant now) {
        if (presented == null || presented.isEmpty()) {
            return null;
        }
        Key key = byDigest.get(digest(presented));
        return key != null && key.liveAt(now) ? key : null;
    }

    /** Whether any key is configured at all (with none, every guarded call is refused 403). */
    public boolean any() {
        return !byDigest.isEmpty() || file != null;
    }

    /** The ids in use, sorted. */
    public Set<String> ids() {
        Set<String> ids = new TreeSet<>();
        byDigest.values().forEach(key -> ids.add(key.id()));
        return ids;
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the key file again; when its content changed and the previous read saw the same
     * change, swaps in the new set and says what changed, else returns null.
     *
     * @throws IllegalArgumentException when the changed file does not parse (the previous set
     *     stays; the same content is not tried, or complained of, again)
     */
    public synchronized Reload reload() {
        if (file == null) {
            return null;
        }
        String content = read(file);
        if (content.equals(fileContent) || content.equals(refusedContent)) {
            return null;
        }
        // A change is applied once two reads in a row see it: a file being rewritten in place is
        // never taken up half-written (an empty or cut-off file would withdraw keys still in use).
        if (!content.equals(seenOnce)) {
            seenOnce = content;
            return null;
        }
        Set<String> before = ids();
        Map<String, Key> next;
        try {
            next = index(configured, parse(content));
        } catch (IllegalArgumentException e) {
            refusedContent = content;
            throw e;
        }
        byDigest = next;
        fileContent = content;
        Set<String> after = ids();
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        return new Reload(after, added, removed);
    }

    private static Map<String, Key> index(Collection<Key> configured, Collection<Key> fromFile) {
        Map<String, Key> keys = new LinkedHashMap<>();
        Set<String> ids = new TreeSet<>();
        for (Key key : concat(configured, fromFile)) {
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException("two keys are named " + key.id() + "; each id names one key");
            }
            if (keys.putIfAbsent(key.digest(), key) != null) {
                throw new IllegalArgumentException("key " + key.id() + " has the same digest as another key");
            }
        }
        return Map.copyOf(keys);
    }

    private static List<Key> concat(Collection<Key> a, Collection<Key> b) {
        List<Key> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the key file (recommender.security.keys-file) does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("the key file (recommender.security.keys-file) cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }

    /** The keys of a key file's text; see the class comment for the format. */
    static List<Key> parse(String content) {
        List<Key> keys = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int comment = line.indexOf('#');
            if (comment >= 0) {
                line = line.substring(0, comment).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            String where = "key file line " + (i + 1) + ": ";
            if (fields.length < 3) {
                throw new IllegalArgumentException(where + "expected: id scopes sha256:digest [expires=instant]");
            }
            Instant expires = null;
            double rate = 0;
            for (int f = 3; f < fields.length; f++) {
                if (fields[f].startsWith("expires=")) {
                    try {
                        expires = Instant.parse(fields[f].substring("expires=".length()));
                    } catch (java.time.format.DateTimeParseException e) {
                        throw new IllegalArgumentException(
                                where + "expires must be an instant such as 2027-01-31T00:00:00Z");
                    }
                } else if (fields[f].startsWith("rate=")) {
                    try {
                        rate = Double.parseDouble(fields[f].substring("rate=".length()));
                    } catch (NumberFormatException e) {
                        rate = -1;
                    }
                    if (!(rate > 0) || Double.isInfinite(rate)) {
                        throw new IllegalArgumentException(where + "rate is requests per second, above 0");
                    }
                } else {
                    throw new IllegalArgumentException(where + "unknown option (expires=instant, rate=per-second)");
                }
            }
            keys.add(key(where, fields[0], List.of(fields[1].split(",")), fields[2], expires, rate));
        }
        return keys;
    }

    /** A key from its parts, checked; {@code where} prefixes any complaint. */
    public static Key key(
            String where, String id, Collection<String> scopeWords, String digest, Instant expires, double rate) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException(where + "an id is 1-64 letters, digits, '.', '_' or '-'");
        }
        Set<Scope> scopes = new TreeSet<>();
        for (String word : scopeWords) {
            Scope scope = Scope.named(word);
            if (scope == null) {
                throw new IllegalArgumentException(
                        where + "key " + id + ": unknown scope (read, read:user-data, write, admin)");
            }
            scopes.add(scope);
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException(where + "key " + id + " has no scope");
        }
        if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException(where + "key " + id
                    + ": the digest is sha256: and 64 lower-case hex digits (the key itself never goes in the file)");
        }
        return new Key(id, Set.copyOf(scopes), digest, expires, Math.max(0, rate));
    }

    /** {@code sha256:} and the hex of SHA-256 over the key's UTF-8 bytes. */
    public static String digest(String key) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
