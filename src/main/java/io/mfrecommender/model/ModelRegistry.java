package io.mfrecommender.model;

import io.mfrecommender.api.ModelNotReadyException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The active model: one immutable {@link ServingModel} behind an atomic reference. Activation is
 * a single reference swap, so a request that called {@link #current()} once works with one
 * consistent model even while another is being activated, and no request is ever refused for it.
 */
public final class ModelRegistry {

    private final AtomicReference<ServingModel> active = new AtomicReference<>();
    private final java.util.List<java.util.function.Consumer<ServingModel>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String status = "starting";

    /** The active model; 503 (via {@link ModelNotReadyException}) while there is none. */
    public ServingModel current() {
        ServingModel model = active.get();
        if (model == null) {
            throw new ModelNotReadyException("No model is active yet: " + status + ". Retry shortly.");
        }
        return model;
    }

    public Optional<ServingModel> find() {
        return Optional.ofNullable(active.get());
    }

    /** Publishes {@code model} and returns the one it replaced, if any. */
    public Optional<ServingModel> activate(ServingModel model) {
        ServingModel previous = active.getAndSet(model);
        status = "serving " + model.version();
        listeners.forEach(listener -> listener.accept(model));
        return Optional.ofNullable(previous);
    }

    /** Publishes a new snapshot of the version already served (a fold-in): no activation, no listener told. */
    public void update(ServingModel model) {
        ServingModel previous = active.get();
        if (previous == null || !previous.version().equals(model.version())) {
            throw new IllegalStateException("update() publishes a snapshot of the served version; activate() others");
        }
        active.set(model);
    }

    /** Told about every activation, after the swap (metrics). */
    public void onActivation(java.util.function.Consumer<ServingModel> listener) {
        listeners.add(listener);
        find().ifPresent(listener);
    }

    /** What the service is doing while no model is active (shown in 503 responses and health). */
    public void reportStatus(String text) {
        status = text;
    }

    public String status() {
        return status;
    }
}
