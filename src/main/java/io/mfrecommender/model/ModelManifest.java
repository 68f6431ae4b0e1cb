package io.mfrecommender.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Provenance and summary of one model version, stored as {@code manifest.json} beside the factors.
 *
 * @param formatVersion      layout version of the model directory (currently 1)
 * @param version            the version name, also the directory name
 * @param createdAt          when training finished
 * @param algorithm          {@code sgd}, {@code adam}, or {@code external} for factors trained elsewhere
 * @param hyperparameters    every training parameter, by name
 * @param seed               random seed of the run
 * @param dataset            description of the training data
 * @param datasetFingerprint SHA-256 of the training ratings (see {@code Dataset#fingerprint})
 * @param users              rows of the user factor matrix
 * @param items              rows of the item factor matrix
 * @param factors            columns of both factor matrices
 * @param trainRatings       number of ratings trained on
 * @param globalMean         μ, the mean training rating (0 for the seed notebook's model, which has no biases)
 * @param scaleMin           lowest valid rating; predictions are clipped to [scaleMin, scaleMax]
 * @param scaleMax           highest valid rating
 * @param evaluation         what was measured before the version was saved ({@link ModelEvaluation#NONE} when nothing was)
 * @param software           name and version of what wrote the model
 * @param ranker             the ranker's section, or null for a version that ranks by predicted rating
 * @param postedThrough      how many entries of the rating journal (ratings posted to the service) the
 *                           training data included; users changed by later entries are folded in when
 *                           the version is served. 0 for a version trained without the journal
 * @param sourceFingerprint  SHA-256 of the ratings as loaded, before the journal and the hold-out: what
 *                           the version may be served over (null in versions saved before it was recorded)
 */
public record ModelManifest(
        int formatVersion,
        String version,
        Instant createdAt,
        String algorithm,
        Map<String, Object> hyperparameters,
        long seed,
        String dataset,
        String datasetFingerprint,
        int users,
        int items,
        int factors,
        long trainRatings,
        double globalMean,
        double scaleMin,
        double scaleMax,
        ModelEvaluation evaluation,
        String software,
        RankerManifest ranker,
        long postedThrough,
        String sourceFingerprint) {

    public static final int FORMAT_VERSION = 1;

    public ModelManifest {
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(hyperparameters));
        evaluation = evaluation == null ? ModelEvaluation.NONE : evaluation;
    }

    public ModelManifest withVersion(String newVersion) {
        return new ModelManifest(
                formatVersion,
                newVersion,
                createdAt,
                algorithm,
                hyperparameters,
                seed,
                dataset,
                datasetFingerprint,
                users,
                items,
                factors,
                trainRatings,
                globalMean,
                scaleMin,
                scaleMax,
                evaluation,
                software,
                ranker,
                postedThrough,
                sourceFingerprint);
    }

    public ModelManifest withDataset(String description) {
        return new ModelManifest(
                formatVersion,
                version,
                createdAt,
                algorithm,
                hyperparameters,
                seed,
                description,
                datasetFingerprint,
                users,
                items,
                factors,
                trainRatings,
                globalMean,
                scaleMin,
                scaleMax,
                evaluation,
                software,
                ranker,
                postedThrough,
                sourceFingerprint);
    }

    public ModelManifest withEvaluation(ModelEvaluation metrics) {
        return new ModelManifest(
                formatVersion,
                version,
                createdAt,
                algorithm,
                hyperparameters,
                seed,
                dataset,
                datasetFingerprint,
                users,
                items,
                factors,
                trainRatings,
                globalMean,
                scaleMin,
                scaleMax,
                metrics,
                software,
                ranker,
                postedThrough,
                sourceFingerprint);
    }

    public ModelManifest withRanker(RankerManifest section) {
        return new ModelManifest(
                formatVersion,
                version,
                createdAt,
                algorithm,
                hyperparameters,
                seed,
                dataset,
                datasetFingerprint,
                users,
                items,
                factors,
                trainRatings,
                globalMean,
                scaleMin,
                scaleMax,
                evaluation,
                software,
                section,
                postedThrough,
                sourceFingerprint);
    }

    public ModelManifest withSourceFingerprint(String fingerprint) {
        return new ModelManifest(
                formatVersion,
                version,
                createdAt,
                algorithm,
                hyperparameters,
                seed,
                dataset,
                datasetFingerprint,
                users,
                items,
                factors,
                trainRatings,
                globalMean,
                scaleMin,
                scaleMax,
                evaluation,
                software,
                ranker,
                postedThrough,
                fingerprint);
    }

    public ModelManifest withPostedThrough(long entries) {
        return new ModelManifest(
                formatVersion,
                version,
                createdAt,
                algorithm,
                hyperparameters,
                seed,
                dataset,
                datasetFingerprint,
                users,
                items,
                factors,
                trainRatings,
                globalMean,
                scaleMin,
                scaleMax,
                evaluation,
                software,
                ranker,
                entries,
                sourceFingerprint);
    }

    /** This manifest with the dataset named by its file name only, for clients: no filesystem path leaves the service. */
    public ModelManifest withoutPaths() {
        String stripped = dataset == null ? null : stripPaths(dataset);
        return java.util.Objects.equals(stripped, dataset) ? this : withDataset(stripped);
    }

    /** {@code text} with every path in it cut to its file name: {@code /srv/data/r.dat + 5 posted} → {@code r.dat + 5 posted}. */
    public static String stripPaths(String text) {
        return text.replaceAll("\\S*[/\\\\]", "");
    }
}
