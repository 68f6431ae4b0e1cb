package io.mfrecommender.experiments;

import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.ServedVersion;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica follows the owner's experiments: it reads the records the owner writes every
 * follow-interval and serves what they say with the same assignment; its figures are its own.
 * Called under the {@link ExperimentService}'s lock, whose state it shares.
 */
final class ExperimentFollower {

    private static final Logger log = LoggerFactory.getLogger(ExperimentFollower.class);

    private final ExperimentService service;
    private final ModelVersions versions;
    private final ExperimentRecords records;
    private final Map<String, Experiment> experiments;
    private final ExperimentFigures figures;
    private final AtomicBoolean restored;

    ExperimentFollower(
            ExperimentService service,
            ModelVersions versions,
            ExperimentRecords records,
            Map<String, Experiment> experiments,
            ExperimentFigures figures,
            AtomicBoolean restored) {
        this.service = service;
        this.versions = versions;
        this.records = records;
        this.experiments = experiments;
        this.figures = figures;
        this.restored = restored;
    }

    /**
     * A replica's side: reads the records the owner writes and serves what they say, starting the
     * split of an experiment started there and, for one ended there, promoting its winner and
     * stopping the split in one swap (the version follower then finds {@code ACTIVE} served).
     */
    void follow() {
        if (versions.current().isEmpty()) {
            return; // the split is served with the first version (see the constructor)
        }
        for (ExperimentRecords.Stored stored : records.readChanged()) {
            Experiment found = stored.experiment();
            Experiment known = experiments.get(found.name());
            if (known == null || known.running() && !found.running()) {
                experiments.put(found.name(), found);
                figures.track(found);
            }
        }
        Experiment running = service.running();
        ServedVersion.Split split = versions.served().split().orElse(null);
        if (running != null && (split == null || !split.experiment().equals(running.name()))) {
            restored.set(true);
            if (service.serveSplit(running)) {
                log.info("Experiment {} started by the owner: {}", running.name(), running.variants());
            }
        } else if (running == null && split != null) {
            Experiment ended = experiments.get(split.experiment());
            Experiment.Variant winner =
                    ended == null || ended.promoted() == null ? null : ended.variant(ended.promoted());
            if (winner != null) {
                versions.endSplit(winner.version());
            } else {
                versions.stopSplit();
            }
            figures.clearRecent(split.experiment());
            log.info("Experiment {} ended by the owner", split.experiment());
        }
    }
}
