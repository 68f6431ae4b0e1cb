package io.mfrecommender.versions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.mfrecommender.text.ClientText;
import java.util.Locale;

/** What happens to a version once it is saved: the last step of the {@link VersionPipeline}. */
public enum ActivationPolicy {
    /** Serve it, whatever it scored. */
    ALWAYS,
    /** Serve it only if it is no worse than the active version on ratings held out from its training. */
    IF_BETTER,
    /** Save it only; {@code PUT /models/active} can serve it later. */
    NEVER;

    /** Whether to activate, and why, in words a job record shows. */
    public record Decision(boolean activate, String reason) {}

    /** Decides on a candidate judged beside the served version ({@link Comparison#active()} null when none is). */
    public Decision decide(Comparison comparison) {
        if (comparison.active() == null) {
            return this == NEVER
                    ? new Decision(false, "activation 'never'")
                    : new Decision(true, "no version was active");
        }
        return switch (this) {
            case ALWAYS -> new Decision(true, "activation 'always'");
            case NEVER -> new Decision(false, "activation 'never'");
            case IF_BETTER ->
                Boolean.TRUE.equals(comparison.candidateIsBetter())
                        ? new Decision(true, "no worse than the active version on RMSE and NDCG@10")
                        : new Decision(false, "worse than the active version on RMSE or NDCG@10");
        };
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static ActivationPolicy parse(String text) {
        for (ActivationPolicy a : values()) {
            if (a.id().equals(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "activation must be always, if-better or never, got " + ClientText.quote(text));
    }
}
