package io.mfrecommender.versions;

import io.mfrecommender.api.ModelNotReadyException;
import io.mfrecommender.model.ServingModel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The version being served: one immutable {@link ServingModel} behind an atomic reference.
 * Activation is a single reference swap, so a request that called {@link #current()} once works
 * with one consistent model even while another is being activated, and no request is ever refused
 * for it. {@link ModelVersions} decides what is published here.
 */
public final class ServedVersion {

    private final AtomicReference<ServingModel> served = new AtomicReference<>();
    private final List<Consumer<ServingModel>> listeners = new CopyOnWriteArrayList<>();
    private volatile String status = "starting";

    /** The served version; 503 (via {@link ModelNotReadyException}) while there is none. */
    public ServingModel current() {
        ServingModel model = served.get();
        if (model == null) {
            throw new ModelNotReadyException("No model is active yet: " + status + ". Retry shortly.");
        }
        return model;
    }

    public Optional<ServingModel> find() {
        return Optional.ofNullable(served.get());
    }

    /** Publishes {@code model} and returns the one it replaced, if any. */
    public Optional<ServingModel> activate(ServingModel model) {
        ServingModel previous = served.getAndSet(model);
        status = "serving " + model.version();
        listeners.forEach(listener -> listener.accept(model));
        return Optional.ofNullable(previous);
    }

    /** Publishes a new snapshot of the version already served (a fold-in): no activation, no listener told. */
    public void update(ServingModel model) {
        ServingModel previous = served.get();
        if (previous == null || !previous.version().equals(model.version())) {
            throw new IllegalStateException("update() publishes a snapshot of the served version; activate() others");
        }
        served.set(model);
    }

    /** Told about every activation, after the swap (metrics). */
    public void onActivation(Consumer<ServingModel> listener) {
        listeners.add(listener);
        find().ifPresent(listener);
    }

    /** What the service is doing while no version is served (shown in 503 responses and health). */
    public void reportStatus(String text) {
        status = text;
    }

    public String status() {
        return status;
    }
}
