package io.mfrecommender.versions;

import io.mfrecommender.api.ModelNotReadyException;
import io.mfrecommender.model.ServingModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The versions being served: the active {@link ServingModel} and, while an experiment runs, the
 * split of users between its variants' versions, together in one immutable state behind an atomic
 * reference. Activation, the start and the end of a split are each a single reference swap, so a
 * request that read its snapshot once works with one consistent model even while another is being
 * activated, and no request is ever refused for it. {@link ModelVersions} decides what is published.
 */
public final class ServedVersion {

    /** Users are split in this many buckets: shares are set in hundredths of a percent. */
    public static final int BUCKETS = 10_000;

    private final AtomicReference<State> state = new AtomicReference<>(new State(null, null));
    private final List<Consumer<ServingModel>> listeners = new CopyOnWriteArrayList<>();
    private volatile String status = "starting";

    /**
     * The active version and the running split, if any.
     *
     * @param active the version every request outside a split is served from; null before the first
     * @param split  the experiment's arms, null when none runs
     */
    record State(ServingModel active, Split split) {}

    /**
     * An experiment's users divided between versions by a sticky hash of their id.
     *
     * @param experiment the experiment's name: part of the hash, so two experiments split users differently
     * @param arms       the variants in order, each taking the buckets below its {@code upTo}
     */
    public record Split(String experiment, List<Arm> arms) {

        public Split {
            arms = List.copyOf(arms);
            if (arms.isEmpty() || arms.get(arms.size() - 1).upTo() != BUCKETS) {
                throw new IllegalArgumentException("a split's arms must cover all " + BUCKETS + " buckets");
            }
        }

        /** The arm serving {@code user}. */
        public Arm armOf(long user) {
            int bucket = bucket(experiment, user);
            for (Arm arm : arms) {
                if (bucket < arm.upTo()) {
                    return arm;
                }
            }
            throw new AssertionError("the last arm covers every bucket");
        }

        Split withModels(UnaryOperator<ServingModel> change) {
            List<Arm> next = new ArrayList<>(arms.size());
            for (Arm arm : arms) {
                next.add(new Arm(arm.variant(), arm.upTo(), change.apply(arm.model())));
            }
            return new Split(experiment, next);
        }
    }

    /**
     * One variant of a split.
     *
     * @param variant the variant's name
     * @param upTo    the arm takes the buckets from the previous arm's {@code upTo} up to this one (exclusive)
     * @param model   the snapshot of the variant's version, folded in like the active one
     */
    public record Arm(String variant, int upTo, ServingModel model) {}

    /**
     * Who serves one request: the snapshot, and the experiment and variant that chose it (both null
     * outside an experiment).
     */
    public record Assignment(ServingModel model, String experiment, String variant) {}

    /**
     * The bucket of {@code user} in {@code experiment}, in [0, {@link #BUCKETS}): the FNV-1a hash
     * of the name and the id's eight bytes, then SplitMix64's finaliser. The same on every JVM and
     * every restart, so a user keeps their variant for as long as the experiment runs.
     */
    public static int bucket(String experiment, long user) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : experiment.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        for (int shift = 0; shift < 64; shift += 8) {
            hash = (hash ^ ((user >>> shift) & 0xff)) * 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        hash ^= hash >>> 31;
        return (int) Long.remainderUnsigned(hash, BUCKETS);
    }

    /** The active version; 503 (via {@link ModelNotReadyException}) while there is none. */
    public ServingModel current() {
        ServingModel model = state.get().active();
        if (model == null) {
            throw notReady();
        }
        return model;
    }

    /** The snapshot serving {@code user}: their variant's during an experiment, else the active one; 503 before any. */
    public Assignment forUser(long user) {
        State now = state.get();
        if (now.active() == null) {
            throw notReady();
        }
        if (now.split() == null) {
            return new Assignment(now.active(), null, null);
        }
        Arm arm = now.split().armOf(user);
        return new Assignment(arm.model(), now.split().experiment(), arm.variant());
    }

    private ModelNotReadyException notReady() {
        return new ModelNotReadyException("No model is active yet: " + status + ". Retry shortly.");
    }

    public Optional<ServingModel> find() {
        return Optional.ofNullable(state.get().active());
    }

    /** The running split, if any. */
    public Optional<Split> split() {
        return Optional.ofNullable(state.get().split());
    }

    /** Publishes {@code model} as the active version (a running split keeps its arms) and returns the one it replaced. */
    public Optional<ServingModel> activate(ServingModel model) {
        State previous = state.getAndUpdate(now -> new State(model, now.split()));
        status = "serving " + model.version();
        listeners.forEach(listener -> listener.accept(model));
        return Optional.ofNullable(previous.active());
    }

    /**
     * Ends the split and makes {@code model} active, in one swap: no request sees the split gone
     * and another version active, or the reverse.
     */
    void endSplit(ServingModel model) {
        ServingModel previous = state.getAndSet(new State(model, null)).active();
        status = "serving " + model.version();
        if (previous == null || !previous.version().equals(model.version())) {
            listeners.forEach(listener -> listener.accept(model));
        }
    }

    /** Starts {@code split} beside the active version (or replaces the running one). */
    void startSplit(Split split) {
        state.updateAndGet(now -> {
            if (now.active() == null) {
                throw notReady();
            }
            return new State(now.active(), split);
        });
    }

    /**
     * Applies {@code change} to every served snapshot, the active one and each arm's, in one swap
     * (arms serving the active version share its new snapshot); returns the new active one. Callers
     * serialise changes ({@link ModelVersions#update}).
     */
    ServingModel updateAll(UnaryOperator<ServingModel> change) {
        State now = state.get();
        if (now.active() == null) {
            throw notReady();
        }
        Map<ServingModel, ServingModel> changed = new IdentityHashMap<>();
        ServingModel active = change.apply(now.active());
        changed.put(now.active(), active);
        Split split = now.split() == null ? null : now.split().withModels(arm -> changed.computeIfAbsent(arm, change));
        state.set(new State(active, split));
        return active;
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
