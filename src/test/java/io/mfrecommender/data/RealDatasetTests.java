package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RealDatasetTests {

    @Test
    void movieLens100kLoadsWithItsPublishedCounts() {
        Path file = SharedData.require("ml-100k/u.data");
        RatingsReader.Result result = new RatingsReader(ParseMode.STRICT, null).read(file);
        assertThat(result.dataset().size()).isEqualTo(100_000);
        assertThat(result.dataset().users().size()).isEqualTo(943);
        assertThat(result.dataset().items().size()).isEqualTo(1_682);
        assertThat(result.dataset().scale()).isEqualTo(new RatingScale(1, 5));
        assertThat(result.report().format()).isEqualTo(RatingFormat.TAB);
        assertThat(result.report().duplicates()).isZero();
    }

    @Test
    void movieLens100kCatalogHasEveryMovie() {
        MovieCatalog catalog = new CatalogReader(ParseMode.STRICT).read(SharedData.require("ml-100k/u.item"));
        assertThat(catalog.size()).isEqualTo(1_682);
        assertThat(catalog.find(1).orElseThrow().title()).isEqualTo("Toy Story");
    }

    @Test
    void embeddedMovieTweetingsIsTheDefaultSource() {
        DataProperties defaults = new DataProperties(
                DataProperties.Source.EMBEDDED, null, null, Path.of("data"), ParseMode.LENIENT, null, null, null, null);
        LoadedData data = new DataSourceLoader(defaults).load();
        assertThat(data.ratings().size()).isEqualTo(100_000);
        assertThat(data.ratings().users().size()).isEqualTo(16_554);
        assertThat(data.ratings().items().size()).isEqualTo(10_506);
        assertThat(data.ratings().scale()).isEqualTo(new RatingScale(0, 10));
        assertThat(data.catalog().size()).isEqualTo(10_506);
        assertThat(data.catalog().find(2844).orElseThrow().title()).isEqualTo("Fantômas - À l'ombre de la guillotine");
        assertThat(data.report().skippedLines()).isZero();
    }
}
