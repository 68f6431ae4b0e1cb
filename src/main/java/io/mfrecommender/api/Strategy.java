package io.mfrecommender.api;

import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How a response's numbers for a user were made, as every response that has a {@code strategy}
 * says it: one list of words for predictions, recommendations, explanations and posted ratings.
 */
@Schema(
        description = "personalized: from the user's trained factors; folded-in: from factors solved from "
                + "ratings posted since the version was trained; popular: the cold-start list, for a user the "
                + "version does not know (lists, explanations, posted ratings); item-baseline: the movie's "
                + "baseline, for a user the version does not know (predictions)")
public enum Strategy {
    PERSONALIZED("personalized"),
    FOLDED_IN("folded-in"),
    POPULAR("popular"),
    ITEM_BASELINE("item-baseline");

    private final String word;

    Strategy(String word) {
        this.word = word;
    }

    /** The word responses carry. */
    @JsonValue
    public String word() {
        return word;
    }

    @Override
    public String toString() {
        return word;
    }
}
