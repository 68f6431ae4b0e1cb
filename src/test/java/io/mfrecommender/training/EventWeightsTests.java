package io.mfrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventWeightsTests {

    @Test
    void aTypesTermIsItsWeightTimesOnePlusTheLogOfItsCount() {
        EventWeights weights = EventWeights.DEFAULTS;
        assertThat(weights.strength("view", 1)).isEqualTo(1.0);
        assertThat(weights.strength("play", 3)).isCloseTo(3 * (1 + Math.log(3)), within(1e-12));
        assertThat(weights.strength("purchase", 1)).isEqualTo(8.0);
        assertThat(weights.strength("not-interested", 1)).isZero(); // the negative type has no strength
        assertThat(weights.strength("rewatch", 5)).isZero(); // a type no longer configured counts nothing
        assertThat(weights.known("not-interested")).isTrue();
        assertThat(weights.isNegative("not-interested")).isTrue();
        assertThat(weights.describe()).isEqualTo("list, play, purchase, view, not-interested");
    }

    @Test
    void withAHalfLifeATermHalvesPerHalfLifeBeforeTheUsersLatestEvent() {
        EventWeights recency = EventWeights.DEFAULTS.withHalfLife(86_400);
        assertThat(recency.strength("play", 1, 1_000_000, 1_000_000)).isEqualTo(3.0);
        assertThat(recency.strength("play", 1, 1_000_000 - 86_400, 1_000_000)).isCloseTo(1.5, within(1e-12));
        assertThat(recency.strength("play", 1, 1_000_000 - 2 * 86_400, 1_000_000))
                .isCloseTo(0.75, within(1e-12));
        // Never below a millionth: a very old event still counts a little, and never divides by zero.
        assertThat(recency.strength("play", 1, 0, 1_000_000_000)).isCloseTo(3e-6, within(1e-12));
        // Without a half-life, time does not matter; the default halves a month back.
        assertThat(EventWeights.DEFAULTS.withHalfLife(0).strength("play", 1, 0, 1_000_000_000))
                .isEqualTo(3.0);
        assertThat(EventWeights.DEFAULTS.strength("play", 1, 0, 30 * 86_400)).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new EventWeights(Map.of("view", 0.0), "not-interested", 4))
                .hasMessageContaining("'view'");
        assertThatThrownBy(() -> new EventWeights(Map.of("not-interested", 1.0), "not-interested", 4))
                .hasMessageContaining("cannot also have a weight");
        assertThatThrownBy(() -> new EventWeights(Map.of("view", 1.0), "not-interested", -1))
                .hasMessageContaining("negative event weight");
        assertThatThrownBy(() -> EventWeights.DEFAULTS.withHalfLife(-1)).hasMessageContaining("half-life");
    }
}
