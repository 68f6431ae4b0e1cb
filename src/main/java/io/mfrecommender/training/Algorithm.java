package io.mfrecommender.training;

import io.mfrecommender.text.ClientText;
import java.util.Locale;

/** The training algorithms, by the names used in configuration, the CLI and the API. */
public enum Algorithm {
    /** Biased matrix factorization by parallel SGD with L2 regularisation and early stopping: the default. */
    SGD,
    /** The seed notebook's recipe: unbiased dot-product model, SparseAdam, mini-batches of 64. */
    ADAM;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Algorithm parse(String text) {
        for (Algorithm a : values()) {
            if (a.id().equalsIgnoreCase(text.strip())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algorithm " + ClientText.quote(text) + "; use sgd or adam");
    }
}
