package io.mfrecommender.experiments;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An erased user leaves every experiment: the exposed users and users with a hit of every variant
 * (so the user counts drop by them), what was recently shown to them, and every record naming
 * them, running or ended. A record that cannot be rewritten now is retried with each save.
 */
final class ExperimentErasure {

    private static final Logger log = LoggerFactory.getLogger(ExperimentErasure.class);

    private final ExperimentService service;
    private final ExperimentRecords records;
    private final ExperimentFigures figures;
    private final boolean writable;
    /** Erased users not yet out of every record. */
    private final Set<Long> pending = ConcurrentHashMap.newKeySet();
    /** Experiments whose record still names an erased user. */
    private final Set<String> unwritten = new HashSet<>();

    ExperimentErasure(
            ExperimentService service, ExperimentRecords records, ExperimentFigures figures, boolean writable) {
        this.service = service;
        this.records = records;
        this.figures = figures;
        this.writable = writable;
    }

    void erased(long user) {
        pending.add(user);
        retry();
    }

    /**
     * Takes the pending users out of the figures and rewrites every record that named them. Shared
     * figures are erased by whichever instance the erasure reached; this process's, by the owner.
     */
    void retry() {
        synchronized (service) {
            if (pending.isEmpty() || !(writable || figures.shared())) {
                return;
            }
            List<Long> erased = List.copyOf(pending);
            try {
                unwritten.addAll(figures.erase(erased));
            } catch (RuntimeException e) {
                log.warn("Could not erase users from the experiments' figures now, retrying: {}", e.getMessage());
                return;
            }
            boolean all = true;
            for (String name : List.copyOf(unwritten)) {
                try {
                    service.stage(service.experiment(name)).commit();
                    unwritten.remove(name);
                } catch (IOException e) {
                    all = false;
                    log.warn("Could not rewrite experiment {} without an erased user: {}", name, e.toString());
                }
            }
            if (all) {
                pending.removeAll(erased);
            }
        }
    }

    /** Whether any experiment's figures, record or memory name {@code user}: for erasure tests. */
    boolean names(long user) {
        return figures.names(user)
                || records.readAll().stream()
                        .flatMap(stored -> stored.figures().values().stream())
                        .anyMatch(tally -> Arrays.stream(tally.users()).anyMatch(id -> id == user)
                                || Arrays.stream(tally.usersWithHit()).anyMatch(id -> id == user));
    }
}
