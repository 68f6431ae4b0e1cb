package io.mfrecommender.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a training job does with the version it made. */
public enum Activation {
    /** Serve it, whatever it scored. */
    ALWAYS,
    /** Serve it only if it is no worse than the active version on ratings held out from its training. */
    IF_BETTER,
    /** Save it only; {@code PUT /models/active} can serve it later. */
    NEVER;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Activation parse(String text) {
        for (Activation a : values()) {
            if (a.id().equals(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException("activation must be always, if-better or never, got '" + text + "'");
    }
}
