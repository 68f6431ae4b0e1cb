package io.mfrecommender.ratings;

import io.mfrecommender.model.FactorModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Something made from a version, kept for the last few versions asked about: an experiment
 * serves several at once, and each fold-in goes to every one of them.
 */
final class PerVersion<T> {
    private static final int KEPT = 4;
    private final Function<FactorModel, T> make;
    private volatile List<Map.Entry<FactorModel, T>> kept = List.of();

    PerVersion(Function<FactorModel, T> make) {
        this.make = make;
    }

    T get(FactorModel model) {
        List<Map.Entry<FactorModel, T>> current = kept;
        for (Map.Entry<FactorModel, T> entry : current) {
            if (entry.getKey() == model) {
                return entry.getValue();
            }
        }
        T value = make.apply(model);
        List<Map.Entry<FactorModel, T>> next = new ArrayList<>(KEPT);
        next.add(Map.entry(model, value));
        for (int i = 0; i < current.size() && next.size() < KEPT; i++) {
            next.add(current.get(i));
        }
        kept = List.copyOf(next);
        return value;
    }
}
