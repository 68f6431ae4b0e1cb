package io.mfrecommender.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.Strategy;
import io.mfrecommender.api.UnknownMovieException;
import io.mfrecommender.catalogue.CatalogueLoad;
import io.mfrecommender.catalogue.CatalogueService;
import io.mfrecommender.data.CatalogueEdits;
import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.LoadReport;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.data.RatingFormat;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.prediction.Prediction;
import io.mfrecommender.prediction.PredictionProperties;
import io.mfrecommender.prediction.PredictionRequest;
import io.mfrecommender.prediction.PredictionService;
import io.mfrecommender.recommendation.Recommendation;
import io.mfrecommender.recommendation.RecommendationService;
import io.mfrecommender.recommendation.Recommendations;
import io.mfrecommender.recommendation.SimilarMovie;
import io.mfrecommender.training.AlsParameters;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.SgdParameters;
import io.mfrecommender.training.StrictJson;
import io.mfrecommender.training.VersionTrainer;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A movie the served version was not trained on (in the catalogue, no ratings at training time):
 * its first posted rating places it in both models at once, so the next request predicts and
 * recommends it (flagged {@code placedFrom: ratings}); without ratings again it falls back to its
 * genres; a restart places it again from the journal.
 */
class NewMoviesTests {

    private static final long NEW = 5_000;

    @TempDir
    Path dir;

    private LoadedData data;
    private ModelStore models;
    private FactorModel saved;
    private ServedVersion served;
    private ModelVersions versions;
    private RatingsService ratings;
    private RecommendationService recommendations;
    private PredictionService predictions;
    private CatalogueService catalogue;

    @BeforeEach
    void serveAVersionWithoutTheNewMovie() {
        Dataset ratingsData = new SyntheticRatings(300, 200, 8_000, 3, 0.5, 0.5, 0.5, 1).generate();
        List<Movie> movies = new ArrayList<>();
        for (long id = 1; id <= 200; id++) {
            movies.add(new Movie(id, "Movie " + id, 2000, List.of(id % 2 == 0 ? "Drama" : "Comedy")));
        }
        movies.add(new Movie(NEW, "Premiere", 2026, List.of("Premiere", "Drama")));
        data = new LoadedData(
                "synthetic",
                ratingsData,
                new LoadReport("synthetic", RatingFormat.DOUBLE_COLON, 8_000, 8_000, 0, 0, List.of()),
                MovieCatalog.of(movies));
        models = new ModelStore(dir.resolve("models"));
        ModelRecipe recipe = new ModelRecipe(
                SgdParameters.defaults().with(Map.of("factors", 8, "epochs", 5)),
                AlsParameters.defaults().with(Map.of("factors", 4, "epochs", 3)));
        saved = models.save(new VersionTrainer()
                .train(ratingsData, recipe, report -> {}, Cancellation.NONE)
                .model());
        start();
    }

    /** One service instance over the journal in {@code dir}. */
    private void start() {
        PostedRatingsStore store = new PostedRatingsStore(
                new RatingJournal(dir.resolve("journal")),
                Timer.builder("fold-in").register(new SimpleMeterRegistry()));
        served = new ServedVersion();
        versions = new ModelVersions(models, served, Popularity.COUNT, 10, 5, store);
        CatalogueEdits edits = new CatalogueEdits(dir.resolve("catalogue-edits.jsonl"));
        versions.useCatalogueEdits(edits);
        versions.serve(models.load(saved.version()), data);
        catalogue = new CatalogueService(versions, edits, store);
        ratings = new RatingsService(
                versions, store, RatingsProperties.journal(null, 1000), new SimpleMeterRegistry(), Clock.systemUTC());
        ServingProperties properties =
                ServingProperties.defaults().withPopularity(Popularity.COUNT).withPageRules(0, 0);
        recommendations = new RecommendationService(served, properties, new SimpleMeterRegistry());
        predictions = new PredictionService(served, PredictionProperties.defaults(), new SimpleMeterRegistry());
    }

    private void post(long user, long movie, double rating) {
        ratings.post(user, StrictJson.MAPPER.readTree("{\"movie\":" + movie + ",\"rating\":" + rating + "}"));
    }

    @Test
    void theFirstRatingsMakeItPredictableAndRecommendableAtOnce() {
        assertThatThrownBy(() -> predictions.predict(2, NEW)).isInstanceOf(UnknownMovieException.class);
        post(1, NEW, 5);
        post(3, NEW, 4);

        Prediction predicted = predictions.predict(2, NEW);
        assertThat(predicted.strategy()).isEqualTo(Strategy.PERSONALIZED);
        assertThat(predicted.predictedRating()).isBetween(1.0, 5.0);
        Recommendations premiere = recommendations.recommend(2, 10, 0, true, "Premiere", null);
        assertThat(premiere.items()).extracting(Recommendation::movieId).containsExactly(NEW);
        assertThat(premiere.items().get(0).placedFrom()).isEqualTo("ratings");
        assertThat(recommendations.recommend(2, 100, 0, true, "Drama", null).items())
                .extracting(Recommendation::movieId)
                .contains(NEW);
        // Those who rated it do not get it recommended; a trained movie carries no placement.
        assertThat(recommendations.recommend(1, 100, 0, true, "Drama", null).items())
                .extracting(Recommendation::movieId)
                .doesNotContain(NEW);
        assertThat(recommendations.recommend(2, 10, 0, true, "Comedy", null).items())
                .allSatisfy(r -> assertThat(r.placedFrom()).isNull());
        assertThat(recommendations.movie(NEW).ratingCount()).isEqualTo(2);
        assertThat(predictions
                        .predict(List.of(new PredictionRequest.Pair(2L, NEW), new PredictionRequest.Pair(2L, 1L)))
                        .predictions())
                .extracting(Prediction::predictedRating)
                .first()
                .isEqualTo(predicted.predictedRating());
    }

    @Test
    void aRaterWhoLikedItPullsItTowardsThoseLikeThem() {
        // Movie placed from one user's 5: it scores higher for that user's own vector than the
        // genre average does, since the item step leans towards its raters.
        post(1, NEW, 5);
        double rated = served.current()
                .score(served.current().user(1), served.current().itemIndex(NEW));
        assertThat(rated)
                .isGreaterThan(served.current()
                        .baseline(served.current().user(1), served.current().itemIndex(NEW)));
    }

    @Test
    void withoutRatingsAgainItFallsBackToItsGenresAndARestartPlacesItAgain() {
        post(1, NEW, 5);
        ratings.deleteRating(1, NEW);
        Recommendations premiere = recommendations.recommend(2, 10, 0, true, "Premiere", null);
        assertThat(premiere.items()).extracting(Recommendation::placedFrom).containsExactly("genres");

        post(4, NEW, 2);
        start();
        assertThat(recommendations.recommend(2, 10, 0, true, "Premiere", null).items())
                .extracting(Recommendation::placedFrom)
                .containsExactly("ratings");
        assertThat(recommendations.movie(NEW).ratingCount()).isEqualTo(1);
    }

    private void put(long movie, String json) {
        catalogue.put(movie, StrictJson.MAPPER.readTree(json));
    }

    /**
     * Retiring a trained movie and a placed one: out of every list and similar answer at once, still
     * predicted (flagged), kept retired over a restart, back with its factors when put again.
     */
    @Test
    void aRetiredMovieLeavesListsAtOnceIsStillPredictedAndComesBackWhenPut() {
        post(1, NEW, 5);
        long trained = recommendations
                .recommend(2, 1, 0, true, null, null)
                .items()
                .get(0)
                .movieId();
        double before = predictions.predict(2, trained).score();
        catalogue.retire(trained);
        catalogue.retire(NEW);
        catalogue.retire(trained);
        for (long user = 1; user <= 50; user++) {
            assertThat(recommendations.recommend(user, 100, 0, true, null, null).items())
                    .extracting(Recommendation::movieId)
                    .doesNotContain(trained, NEW);
        }
        assertThat(recommendations.recommend(999_999, 100, 0, true, null, null).items())
                .extracting(Recommendation::movieId)
                .doesNotContain(trained);
        for (long movie = 1; movie <= 30; movie++) {
            assertThat(recommendations.similar(movie, 20).items())
                    .extracting(SimilarMovie::movieId)
                    .doesNotContain(trained);
        }
        Prediction retired = predictions.predict(2, trained);
        assertThat(retired.available()).isFalse();
        assertThat(retired.score()).isEqualTo(before);
        assertThat(predictions.predict(2, 1).available()).isTrue();
        assertThat(recommendations.movie(trained).retired()).isTrue();
        assertThat(recommendations.movie(NEW).available()).isFalse();

        start();
        assertThat(recommendations.movie(trained).retired()).isTrue();
        assertThat(recommendations.recommend(2, 100, 0, true, null, null).items())
                .extracting(Recommendation::movieId)
                .doesNotContain(trained);

        put(trained, "{\"title\":\"Movie " + trained + "\",\"year\":2000,\"genres\":[\"Drama\"]}");
        assertThat(recommendations.movie(trained).available()).isTrue();
        assertThat(predictions.predict(2, trained).score()).isEqualTo(before);
        assertThat(recommendations
                        .recommend(2, 1, 0, true, null, null)
                        .items()
                        .get(0)
                        .movieId())
                .isEqualTo(trained);
        assertThatThrownBy(() -> catalogue.retire(123_456)).isInstanceOf(UnknownMovieException.class);
    }

    private CatalogueLoad load(String file, boolean lenient) {
        return catalogue.load(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), lenient, 1000);
    }

    /** NDJSON and CSV, all or nothing: a bad line refuses the file unless lenient, and the report names it. */
    @Test
    void aBulkLoadIsAllOrNothingAndNamesItsBadLines() {
        String version = served.current().version();
        String file = """
                {"id": 8001, "title": "Bulk One", "year": 2026, "genres": ["Drama"]}
                {"id": 8002, "title": "Bulk Two", "year": "soon"}

                {"id": 1, "title": "Renamed One", "availableUntil": "2000-01-01T00:00:00Z"}
                {"id": 8003}
                not json
                """;
        assertThatThrownBy(() -> load(file, false))
                .isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(((InvalidParameterException) e)
                                .getBody()
                                .getProperties()
                                .get("errors"))
                        .asString()
                        .contains("line 2: 'year'", "line 5: 'title' is required", "line 6: not a JSON object"));
        assertThatThrownBy(() -> recommendations.movie(8001)).isInstanceOf(UnknownMovieException.class);
        assertThat(recommendations.movie(1).title()).isEqualTo("Movie 1");
        assertThat(served.current().version()).isEqualTo(version);

        CatalogueLoad lenient = load(file, true);
        assertThat(lenient.added()).isEqualTo(1);
        assertThat(lenient.changed()).isEqualTo(1);
        assertThat(lenient.refused()).isEqualTo(3);
        assertThat(lenient.refusedLines())
                .extracting(CatalogueLoad.RefusedLine::line, CatalogueLoad.RefusedLine::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, "year"),
                        org.assertj.core.groups.Tuple.tuple(5L, "title"),
                        org.assertj.core.groups.Tuple.tuple(6L, "body"));
        assertThat(recommendations.movie(8001).title()).isEqualTo("Bulk One");
        assertThat(recommendations.movie(1).title()).isEqualTo("Renamed One");
        assertThat(recommendations.movie(1).available()).isFalse();
        assertThat(recommendations.recommend(2, 10, 0, true, "Drama", null).items())
                .extracting(Recommendation::movieId)
                .doesNotContain(1L);

        CatalogueLoad csv =
                load("id,title,year,genres\n8004,\"Bulk, Four\",2025,Drama|Late Show\n8001,Bulk One Again,,\n", false);
        assertThat(csv.added()).isEqualTo(1);
        assertThat(csv.changed()).isEqualTo(1);
        assertThat(recommendations.movie(8004).genres()).containsExactly("Drama", "Late Show");
        assertThat(recommendations.movie(8004).title()).isEqualTo("Bulk, Four");
        assertThat(recommendations.recommend(2, 10, 0, true, "Late Show", null).items())
                .extracting(Recommendation::movieId)
                .containsExactly(8004L);
        start();
        assertThat(recommendations.movie(8001).title()).isEqualTo("Bulk One Again");
        assertThat(recommendations.movie(8004).year()).isEqualTo(2025);
        assertThatThrownBy(() -> load("movie,name\n1,x\n", false)).isInstanceOf(InvalidParameterException.class);
        // A line past the bound on its length is refused by number and never held whole; CRLF ends lines too.
        String huge = "{\"id\": 8005, \"title\": \"" + "x".repeat(100_000) + "\"}";
        CatalogueLoad tooLong = load(
                "{\"id\": 8006, \"title\": \"Six\"}\r\n" + huge + "\r\n{\"id\": 8007, \"title\": \"Seven\"}\n", true);
        assertThat(tooLong.added()).isEqualTo(2);
        assertThat(tooLong.refusedLines()).singleElement().satisfies(refused -> {
            assertThat(refused.line()).isEqualTo(2);
            assertThat(refused.problem()).contains("longer than 65536 characters");
        });
        assertThat(recommendations.movie(8007).title()).isEqualTo("Seven");
        assertThatThrownBy(() -> load(huge + "\n", true))
                .as("a first line that long cannot even say which format the file is in")
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("line 1 is longer than 65536 characters");
        // Past the bound on entries, the rest of the file is refused as one, from the line that passed it.
        assertThat(catalogue
                        .load(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), true, 1)
                        .refusedLines())
                .singleElement()
                .satisfies(refused -> {
                    assertThat(refused.line()).isEqualTo(2);
                    assertThat(refused.problem()).contains("more than 1 entries");
                });
    }

    @Test
    void aCatalogueEntryWithGenresIsPlacedAtOnceThenFromItsRatingsAndKeptOverARestart() {
        put(7_000, "{\"title\":\"Second Premiere\",\"year\":2026,\"genres\":[\"Drama\",\"Late Show\"]}");
        assertThat(recommendations.movie(7_000).title()).isEqualTo("Second Premiere");
        Recommendations late = recommendations.recommend(2, 10, 0, true, "Late Show", null);
        assertThat(late.items()).extracting(Recommendation::movieId).containsExactly(7_000L);
        assertThat(late.items().get(0).placedFrom()).isEqualTo("genres");
        assertThat(predictions.predict(2, 7_000).predictedRating()).isBetween(1.0, 5.0);

        post(1, 7_000, 5);
        assertThat(recommendations.recommend(2, 10, 0, true, "Late Show", null).items())
                .extracting(Recommendation::placedFrom)
                .containsExactly("ratings");

        start();
        assertThat(recommendations.movie(7_000).title()).isEqualTo("Second Premiere");
        assertThat(recommendations.recommend(2, 10, 0, true, "Late Show", null).items())
                .extracting(Recommendation::placedFrom)
                .containsExactly("ratings");
    }

    @Test
    void aTrainedMoviesGenresChangeInTheFiltersAtOnce() {
        assertThat(recommendations.recommend(2, 100, 0, false, "Drama", null).items())
                .extracting(Recommendation::movieId)
                .doesNotContain(3L);
        put(3, "{\"title\":\"Movie 3, re-cut\",\"genres\":[\"Drama\"]}");
        assertThat(recommendations.recommend(2, 100, 0, false, "Drama", null).items())
                .extracting(Recommendation::movieId)
                .contains(3L)
                .allSatisfy(
                        id -> assertThat(id % 2 == 0 || id == 3 || id == NEW).isTrue());
        assertThat(recommendations.movie(3).title()).isEqualTo("Movie 3, re-cut");
    }

    /** One genre has one name: a known one given in another case takes the catalogue's spelling; a new one is kept. */
    @Test
    void genresAreCaseInsensitiveAndKnownOnesCanonical() {
        put(3, "{\"title\":\"Movie 3\",\"genres\":[\"drama\",\"NotAGenre\",\"DRAMA\"]}");
        assertThat(recommendations.movie(3).genres()).containsExactly("Drama", "NotAGenre");
        assertThat(recommendations.recommend(2, 100, 0, false, "Drama", null).items())
                .extracting(Recommendation::movieId)
                .contains(3L);
        assertThat(recommendations
                        .recommend(2, 100, 0, false, "notagenre", null)
                        .items())
                .extracting(Recommendation::movieId)
                .containsExactly(3L);
        put(4, "{\"title\":\"Movie 4\",\"genres\":[\"NOTAGENRE\"]}");
        assertThat(recommendations.movie(4).genres()).containsExactly("NotAGenre");
    }

    /** A title's length is counted in characters as a reader sees them: 200 emoji are 200, not 400. */
    @Test
    void aTitleIsMeasuredInCharactersNotUtf16Units() {
        String emoji = "\uD83C\uDFAC"; // 🎬, two UTF-16 units
        put(8_000, "{\"title\":\"" + emoji.repeat(200) + "\"}");
        assertThat(recommendations.movie(8_000).title()).isEqualTo(emoji.repeat(200));
        assertThatThrownBy(() -> put(8_001, "{\"title\":\"" + emoji.repeat(201) + "\"}"))
                .hasMessageContaining("1 to 200 characters, got 201");
    }

    @Test
    void badEntriesAreRefusedNamingTheFieldAndNothingIsStored() {
        for (String[] bad : new String[][] {
            {"{\"year\":2000}", "title"},
            {"{\"title\":\"  \"}", "title"},
            {"{\"title\":\"x\",\"year\":1200}", "year"},
            {"{\"title\":\"x\",\"genres\":\"Drama\"}", "genres"},
            {"{\"title\":\"x\",\"genres\":[\"Drama\",7]}", "genres[1]"},
            {"{\"title\":\"x\",\"rating\":5}", "rating"},
            {"[1]", "body"}
        }) {
            assertThatThrownBy(() -> put(8_000, bad[0]))
                    .as(bad[0])
                    .isInstanceOf(InvalidParameterException.class)
                    .satisfies(e -> assertThat(
                                    ((InvalidParameterException) e).getBody().getProperties())
                            .containsEntry("parameter", bad[1]));
        }
        String many = IntStream.range(0, 21).mapToObj(i -> "\"g" + i + "\"").collect(Collectors.joining(","));
        assertThatThrownBy(() -> put(8_000, "{\"title\":\"x\",\"genres\":[" + many + "]}"))
                .hasMessageContaining("at most 20");
        assertThatThrownBy(() -> recommendations.movie(8_000)).isInstanceOf(UnknownMovieException.class);
    }
}
