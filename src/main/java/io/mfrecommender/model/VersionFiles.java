package io.mfrecommender.model;

import static io.mfrecommender.model.ModelStore.MANIFEST;
import static io.mfrecommender.model.ModelStore.RANKING_ITEM_FACTORS;
import static io.mfrecommender.model.ModelStore.RANKING_USER_FACTORS;
import static io.mfrecommender.model.ModelStore.writeDurably;

import io.mfrecommender.data.IdIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of one version directory (the layout {@link ModelStore} describes): written into a
 * staging directory, each forced to disk; read back and checked against each other, every problem
 * named with its file. Where the directory lives, and when it is renamed into place, is the store's.
 */
final class VersionFiles {

    private VersionFiles() {}

    /** Writes {@code named} into {@code staging}: the factor, bias and id arrays, the ranker's, the manifest last. */
    static void write(Path staging, FactorModel named, JsonMapper json) throws IOException {
        writeDurably(
                staging.resolve("user-factors.npy"),
                out -> Npy.writeFloats(
                        out, named.userFactorArray(), named.users().size(), named.factors()));
        writeDurably(
                staging.resolve("item-factors.npy"),
                out -> Npy.writeFloats(
                        out, named.itemFactorArray(), named.items().size(), named.factors()));
        writeDurably(
                staging.resolve("user-bias.npy"),
                out -> Npy.writeFloats(out, named.userBiasArray(), named.users().size()));
        writeDurably(
                staging.resolve("item-bias.npy"),
                out -> Npy.writeFloats(out, named.itemBiasArray(), named.items().size()));
        writeDurably(
                staging.resolve("user-ids.npy"),
                out -> Npy.writeLongs(out, named.users().toArray()));
        writeDurably(
                staging.resolve("item-ids.npy"),
                out -> Npy.writeLongs(out, named.items().toArray()));
        if (named.ranker().isPresent()) {
            RankingFactors ranker = named.ranker().get();
            writeDurably(
                    staging.resolve(RANKING_USER_FACTORS),
                    out -> Npy.writeFloats(out, ranker.userFactorArray(), ranker.users(), ranker.factors()));
            writeDurably(
                    staging.resolve(RANKING_ITEM_FACTORS),
                    out -> Npy.writeFloats(out, ranker.itemFactorArray(), ranker.items(), ranker.factors()));
        }
        writeDurably(staging.resolve(MANIFEST), out -> out.write(json.writeValueAsBytes(named.manifest())));
    }

    static FactorModel read(Path dir, String version, JsonMapper json) {
        try {
            ModelManifest manifest = readManifest(dir, json);
            Npy.Array userFactors = readNpy(dir, "user-factors.npy");
            Npy.Array itemFactors = readNpy(dir, "item-factors.npy");
            long[] userIds = readNpy(dir, "user-ids.npy").toLongs();
            long[] itemIds = readNpy(dir, "item-ids.npy").toLongs();
            int k = userFactors.cols();
            if (userFactors.shape().length != 2) {
                throw new IOException(dir.resolve("user-factors.npy") + ": must be 2-D (users × k)");
            }
            if (itemFactors.shape().length != 2 || itemFactors.cols() != k) {
                throw new IOException(dir.resolve("item-factors.npy") + ": must be 2-D (movies × k) with the k of "
                        + "user-factors.npy (" + k + ")");
            }
            if (userFactors.rows() == 0 || itemFactors.rows() == 0 || k == 0) {
                throw new IOException(dir.resolve(userFactors.rows() == 0 ? "user-factors.npy" : "item-factors.npy")
                        + ": a model needs at least one user, one movie and one factor");
            }
            if (userFactors.rows() != userIds.length) {
                throw new IOException(dir.resolve("user-ids.npy") + ": " + userIds.length + " ids for "
                        + userFactors.rows() + " rows of user-factors.npy");
            }
            if (itemFactors.rows() != itemIds.length) {
                throw new IOException(dir.resolve("item-ids.npy") + ": " + itemIds.length + " ids for "
                        + itemFactors.rows() + " rows of item-factors.npy");
            }
            userFactors.requireFinite(dir.resolve("user-factors.npy").toString());
            itemFactors.requireFinite(dir.resolve("item-factors.npy").toString());
            float[] userBias = readOptionalVector(dir, "user-bias.npy", userIds.length);
            float[] itemBias = readOptionalVector(dir, "item-bias.npy", itemIds.length);
            // Equal bounds are a scale of one value (every training rating the same): saved, so loadable.
            if (!(manifest.scaleMin() <= manifest.scaleMax())) {
                throw new IOException(dir.resolve(MANIFEST) + ": scaleMin must not be above scaleMax");
            }
            if (!Double.isFinite(manifest.globalMean())
                    || !Double.isFinite(manifest.scaleMin())
                    || !Double.isFinite(manifest.scaleMax())) {
                throw new IOException(dir.resolve(MANIFEST) + ": globalMean, scaleMin and scaleMax must be finite");
            }
            IdIndex users = ids(dir, "user-ids.npy", userIds);
            IdIndex items = ids(dir, "item-ids.npy", itemIds);
            ModelManifest complete = new ModelManifest(
                    manifest.formatVersion() == 0 ? ModelManifest.FORMAT_VERSION : manifest.formatVersion(),
                    version,
                    manifest.createdAt() == null
                            ? Files.getLastModifiedTime(dir).toInstant()
                            : manifest.createdAt(),
                    manifest.algorithm() == null ? "external" : manifest.algorithm(),
                    manifest.hyperparameters(),
                    manifest.seed(),
                    manifest.dataset(),
                    manifest.datasetFingerprint(),
                    userIds.length,
                    itemIds.length,
                    k,
                    manifest.trainRatings(),
                    manifest.globalMean(),
                    manifest.scaleMin(),
                    manifest.scaleMax(),
                    manifest.evaluation(),
                    manifest.software(),
                    null,
                    manifest.postedThrough(),
                    manifest.sourceFingerprint());
            FactorModel model = new FactorModel(
                    complete,
                    users,
                    items,
                    (float) manifest.globalMean(),
                    userBias,
                    itemBias,
                    userFactors.toFloats(),
                    itemFactors.toFloats());
            Optional<RankingFactors> ranker = readRanker(dir, manifest.ranker(), userIds.length, itemIds.length);
            return ranker.map(model::withRanker).orElse(model);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelStoreException("could not load model version '" + version + "': " + e.getMessage(), e);
        }
    }

    static ModelManifest readManifest(Path dir, JsonMapper json) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.exists(file)) {
            throw new IOException(file + " is missing");
        }
        try {
            JsonNode tree = json.readTree(file.toFile());
            for (String required : new String[] {"globalMean", "scaleMin", "scaleMax"}) {
                if (tree == null || !tree.path(required).isNumber()) {
                    throw new IOException(file + ": '" + required + "' is missing or not a number");
                }
            }
            return json.treeToValue(tree, ModelManifest.class);
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a valid manifest: " + e.getMessage(), e);
        }
    }

    private static Npy.Array readNpy(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            throw new IOException(file + " is missing");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Npy.read(in, file.toString());
        }
    }

    /** Both ranking factor files and the manifest's ranker section, or none of the three. */
    private static Optional<RankingFactors> readRanker(Path dir, RankerManifest section, int users, int items)
            throws IOException {
        boolean userFile = Files.exists(dir.resolve(RANKING_USER_FACTORS));
        boolean itemFile = Files.exists(dir.resolve(RANKING_ITEM_FACTORS));
        if (!userFile && !itemFile && section == null) {
            return Optional.empty();
        }
        if (section == null) {
            throw new IOException(dir.resolve(MANIFEST) + " has no ranker section for the ranking factor files");
        }
        Npy.Array userFactors = readNpy(dir, RANKING_USER_FACTORS);
        Npy.Array itemFactors = readNpy(dir, RANKING_ITEM_FACTORS);
        if (userFactors.shape().length != 2 || userFactors.rows() != users || userFactors.cols() != section.factors()) {
            throw new IOException(dir.resolve(RANKING_USER_FACTORS) + " must be " + users + " × " + section.factors());
        }
        if (itemFactors.shape().length != 2 || itemFactors.rows() != items || itemFactors.cols() != section.factors()) {
            throw new IOException(dir.resolve(RANKING_ITEM_FACTORS) + " must be " + items + " × " + section.factors());
        }
        userFactors.requireFinite(dir.resolve(RANKING_USER_FACTORS).toString());
        itemFactors.requireFinite(dir.resolve(RANKING_ITEM_FACTORS).toString());
        return Optional.of(new RankingFactors(section, users, items, userFactors.toFloats(), itemFactors.toFloats()));
    }

    private static float[] readOptionalVector(Path dir, String name, int length) throws IOException {
        if (!Files.exists(dir.resolve(name))) {
            return new float[length];
        }
        Npy.Array array = readNpy(dir, name);
        if (array.values().length != length) {
            throw new IOException(
                    dir.resolve(name) + " holds " + array.values().length + " values, expected " + length);
        }
        array.requireFinite(dir.resolve(name).toString());
        return array.toFloats();
    }

    private static IdIndex ids(Path dir, String name, long[] ids) throws IOException {
        try {
            return IdIndex.of(ids);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir.resolve(name) + ": " + e.getMessage());
        }
    }
}
