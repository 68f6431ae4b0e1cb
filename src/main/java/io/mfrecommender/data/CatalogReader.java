package io.mfrecommender.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads movie catalogs, detecting the layout from the content:
 * <ul>
 *   <li>{@code movies.dat}: {@code id::Title (Year)::Genre|Genre} (MovieLens 1M/10M, MovieTweetings);</li>
 *   <li>{@code u.item}: pipe-separated, 5 fields then 19 genre flags (MovieLens 100K);</li>
 *   <li>{@code movies.csv}: {@code movieId,title,genres} with a header, titles quoted when they hold commas.</li>
 * </ul>
 * Files are decoded as UTF-8 when they are valid UTF-8 and as ISO-8859-1 otherwise: MovieLens 100K
 * and 1M are Latin-1, MovieTweetings is UTF-8, and titles keep their accents either way.
 */
public final class CatalogReader {

    /** The genre of each {@code u.item} flag, in column order (MovieLens 100K {@code u.genre}). */
    static final List<String> U_ITEM_GENRES = List.of(
            "unknown",
            "Action",
            "Adventure",
            "Animation",
            "Children's",
            "Comedy",
            "Crime",
            "Documentary",
            "Drama",
            "Fantasy",
            "Film-Noir",
            "Horror",
            "Musical",
            "Mystery",
            "Romance",
            "Sci-Fi",
            "Thriller",
            "War",
            "Western");

    private static final int U_ITEM_FIXED_FIELDS = 5;

    private final ParseMode mode;

    public CatalogReader(ParseMode mode) {
        this.mode = mode;
    }

    /** Largest catalog read (MovieLens 25M's movies.csv is 3 MB). */
    static final int MAX_CATALOG_BYTES = 256 << 20;

    public MovieCatalog read(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new DataLoadException(source + ": is a directory, expected a movie catalog file");
        }
        if (!Files.exists(file)) {
            throw new DataLoadException(source + ": file not found");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, source);
        } catch (IOException e) {
            throw new DataLoadException(source + ": could not be read: " + e.getMessage(), e);
        }
    }

    public MovieCatalog read(InputStream in, String source) throws IOException {
        byte[] bytes = in.readNBytes(MAX_CATALOG_BYTES + 1);
        if (bytes.length > MAX_CATALOG_BYTES) {
            throw new DataLoadException(
                    source + ": larger than " + (MAX_CATALOG_BYTES >> 20) + " MiB; this is not a movie catalog");
        }
        String text = decode(bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // byte order mark
        }
        List<String> lines = text.lines().toList();
        List<Movie> movies = new ArrayList<>();
        long skipped = 0;
        String firstProblem = null;
        Layout layout = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            if (layout == null) {
                layout = Layout.detect(line);
                if (layout == null) {
                    throw new DataLoadException(source + ":" + (n + 1) + ": cannot tell the catalog format; "
                            + "expected movies.dat ('id::Title (Year)::Genres'), u.item or movies.csv");
                }
                if (layout == Layout.CSV && line.toLowerCase().startsWith("movieid")) {
                    continue;
                }
            }
            try {
                movies.add(layout.parse(line));
            } catch (IllegalArgumentException e) {
                String message = source + ":" + (n + 1) + ": " + e.getMessage();
                if (mode == ParseMode.STRICT) {
                    throw new DataLoadException(message + " (parse mode is strict; use lenient to skip bad lines)");
                }
                skipped++;
                if (firstProblem == null) {
                    firstProblem = message;
                }
            }
        }
        if (movies.isEmpty()) {
            throw new DataLoadException(source
                    + (firstProblem != null
                            ? ": no valid movies; first problem: " + firstProblem
                            : ": contains no movies"));
        }
        if (skipped > 0) {
            System.getLogger(CatalogReader.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "{0}: skipped {1} malformed catalog lines; first: {2}",
                            source,
                            skipped,
                            firstProblem);
        }
        return MovieCatalog.of(movies);
    }

    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private enum Layout {
        MOVIES_DAT {
            @Override
            Movie parse(String line) {
                String[] f = line.split("::", -1);
                if (f.length != 3) {
                    throw new IllegalArgumentException(
                            "expected 'id::Title (Year)::Genres', found " + f.length + " fields");
                }
                return Movie.fromListedTitle(id(f[0]), f[1], genres(f[2]));
            }
        },
        U_ITEM {
            @Override
            Movie parse(String line) {
                String[] f = line.split("\\|", -1);
                if (f.length != U_ITEM_FIXED_FIELDS + U_ITEM_GENRES.size()) {
                    throw new IllegalArgumentException("expected " + (U_ITEM_FIXED_FIELDS + U_ITEM_GENRES.size())
                            + " pipe-separated fields, found " + f.length);
                }
                List<String> genres = new ArrayList<>();
                for (int g = 0; g < U_ITEM_GENRES.size(); g++) {
                    if (f[U_ITEM_FIXED_FIELDS + g].strip().equals("1")) {
                        genres.add(U_ITEM_GENRES.get(g));
                    }
                }
                return Movie.fromListedTitle(id(f[0]), f[1], genres);
            }
        },
        CSV {
            @Override
            Movie parse(String line) {
                List<String> f = splitCsv(line);
                if (f.size() != 3) {
                    throw new IllegalArgumentException(
                            "expected 'movieId,title,genres', found " + f.size() + " fields");
                }
                return Movie.fromListedTitle(id(f.get(0)), f.get(1), genres(f.get(2)));
            }
        };

        abstract Movie parse(String line);

        static Layout detect(String line) {
            if (line.contains("::")) {
                return MOVIES_DAT;
            }
            if (line.indexOf('|') >= 0 && line.split("\\|", -1).length == U_ITEM_FIXED_FIELDS + U_ITEM_GENRES.size()) {
                return U_ITEM;
            }
            if (line.indexOf(',') >= 0) {
                return CSV;
            }
            return null;
        }
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("movie id '" + text.strip() + "' is not a whole number");
        }
    }

    private static List<String> genres(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.equals("(no genres listed)")) {
            return List.of();
        }
        return Arrays.stream(trimmed.split("\\|"))
                .map(String::strip)
                .filter(g -> !g.isEmpty())
                .toList();
    }

    /** RFC 4180 fields: quoted fields may hold commas, and a doubled quote stands for one quote. */
    public static List<String> splitCsv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted field");
        }
        fields.add(field.toString());
        return fields;
    }
}
