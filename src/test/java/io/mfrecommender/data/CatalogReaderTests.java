package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogReaderTests {

    private final CatalogReader reader = new CatalogReader(ParseMode.LENIENT);

    private MovieCatalog read(byte[] bytes) throws IOException {
        return reader.read(new ByteArrayInputStream(bytes), "movies");
    }

    @Test
    void readsMoviesDatInUtf8KeepingAccents() throws IOException {
        MovieCatalog catalog = read(
                "0002844::Fantômas - À l'ombre de la guillotine (1913)::Crime|Drama\n1::Toy Story (1995)::Animation|Children's|Comedy\n"
                        .getBytes(StandardCharsets.UTF_8));
        Movie fantomas = catalog.find(2844).orElseThrow();
        assertThat(fantomas.title()).isEqualTo("Fantômas - À l'ombre de la guillotine");
        assertThat(fantomas.year()).isEqualTo(1913);
        assertThat(fantomas.genres()).containsExactly("Crime", "Drama");
        assertThat(catalog.find(1).orElseThrow().genres()).containsExactly("Animation", "Children's", "Comedy");
    }

    @Test
    void ignoresAUtf8ByteOrderMark() throws IOException {
        MovieCatalog catalog = read("\uFEFF5::Heat (1995)::Action".getBytes(StandardCharsets.UTF_8));
        assertThat(catalog.find(5).orElseThrow().title()).isEqualTo("Heat");
    }

    @Test
    void readsLatin1MoviesDatAsMovieLens1mShipsIt() throws IOException {
        MovieCatalog catalog =
                read("3::Cité des enfants perdus, La (1995)::Adventure|Sci-Fi\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(catalog.find(3).orElseThrow().title()).isEqualTo("Cité des enfants perdus, La");
    }

    @Test
    void readsUItemGenreFlagsInLatin1() throws IOException {
        String line =
                "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
                        + "1682|Scream of Stone (Schrei aus Stein) (1991)|08-Mar-1996||http://x|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0\n"
                        + "99|Misérables, Les (1995)|01-Jan-1995||http://x|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|1|0\n";
        MovieCatalog catalog = read(line.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(catalog.find(1).orElseThrow().genres()).containsExactly("Animation", "Children's", "Comedy");
        assertThat(catalog.find(1682).orElseThrow().title()).isEqualTo("Scream of Stone (Schrei aus Stein)");
        assertThat(catalog.find(99).orElseThrow())
                .isEqualTo(new Movie(99, "Misérables, Les", 1995, List.of("Drama", "War")));
    }

    @Test
    void readsMoviesCsvWithQuotedTitles() throws IOException {
        String csv = "movieId,title,genres\n"
                + "11,\"American President, The (1995)\",Comedy|Drama|Romance\n"
                + "12,\"Dracula: Dead and Loving It (1995)\",Comedy|Horror\n"
                + "13,\"Title with \"\"quotes\"\" (2001)\",(no genres listed)\n"
                + "14,Untitled,Drama\n";
        MovieCatalog catalog = read(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(catalog.size()).isEqualTo(4);
        assertThat(catalog.find(11).orElseThrow().title()).isEqualTo("American President, The");
        assertThat(catalog.find(13).orElseThrow()).isEqualTo(new Movie(13, "Title with \"quotes\"", 2001, List.of()));
        assertThat(catalog.find(14).orElseThrow().year()).isNull();
    }

    @Test
    void badLinesAreSkippedInLenientModeAndFailInStrict() throws IOException {
        byte[] bytes = "1::A (2000)::Drama\nx::B (2001)::Drama\n".getBytes(StandardCharsets.UTF_8);
        assertThat(read(bytes).size()).isEqualTo(1);
        assertThatThrownBy(() -> new CatalogReader(ParseMode.STRICT).read(new ByteArrayInputStream(bytes), "movies"))
                .isInstanceOf(DataLoadException.class)
                .hasMessageStartingWith("movies:2: movie id 'x' is not a whole number");
    }

    @Test
    void emptyAndMissingCatalogsAreClearErrors(@TempDir Path dir) {
        assertThatThrownBy(() -> read(new byte[0])).hasMessage("movies: contains no movies");
        assertThatThrownBy(() -> reader.read(dir.resolve("missing.dat")))
                .hasMessageEndingWith("missing.dat: file not found");
        assertThatThrownBy(() -> reader.read(dir))
                .hasMessageEndingWith("is a directory, expected a movie catalog file");
    }
}
