package io.mfrecommender.versions;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.IdIndex;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelManifest;
import io.mfrecommender.pytorch.PthFormatException;
import io.mfrecommender.pytorch.StateDictWriter;
import io.mfrecommender.pytorch.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed notebook's model as tensors, both ways. The notebook keeps one {@code nn.Embedding} row
 * per id, row {@code id − 1}, sized by the largest id, so rows of ids that never occur in its
 * ratings are untrained random vectors: a state dict becomes a version through the ratings it was
 * trained on, which say which rows are real (the others are dropped and counted in the manifest).
 *
 * <p>Tensor names are the notebook's ({@code user_factors.weight}, {@code item_factors.weight});
 * a model with biases may add {@code user_bias.weight}, {@code item_bias.weight} ({@code (n, 1)} or
 * {@code (n,)}) and a scalar {@code global_bias}. {@link TensorNames} renames any of them.
 */
public final class NotebookModels {

    /** The manifest's algorithm for a version imported from a state dict. */
    public static final String ALGORITHM = "pytorch";

    /** Most rows an exported table may have (the notebook sizes it by the largest id). */
    static final long MAX_EXPORT_ROWS = 50_000_000;

    /** Which tensor holds what; a null bias name: that bias is not read. */
    public record TensorNames(
            String userFactors, String itemFactors, String userBias, String itemBias, String globalBias) {

        public static final TensorNames NOTEBOOK = new TensorNames(
                "user_factors.weight", "item_factors.weight", "user_bias.weight", "item_bias.weight", "global_bias");

        private static final List<String> KEYS =
                List.of("user-factors", "item-factors", "user-bias", "item-bias", "global-bias");

        /**
         * The notebook's names with some replaced: {@code user-factors=P.weight,item-factors=Q.weight}
         * (keys {@code user-factors}, {@code item-factors}, {@code user-bias}, {@code item-bias},
         * {@code global-bias}).
         *
         * @throws IllegalArgumentException naming an unknown key or a malformed pair
         */
        public static TensorNames parse(String text) {
            Map<String, String> names = new LinkedHashMap<>();
            names.put("user-factors", NOTEBOOK.userFactors);
            names.put("item-factors", NOTEBOOK.itemFactors);
            names.put("user-bias", NOTEBOOK.userBias);
            names.put("item-bias", NOTEBOOK.itemBias);
            names.put("global-bias", NOTEBOOK.globalBias);
            if (text != null && !text.isBlank()) {
                for (String pair : text.split(",")) {
                    int equals = pair.indexOf('=');
                    String key = equals < 0
                            ? pair.strip()
                            : pair.substring(0, equals).strip();
                    String name = equals < 0 ? "" : pair.substring(equals + 1).strip();
                    if (!KEYS.contains(key) || name.isEmpty() || name.length() > 200) {
                        throw new IllegalArgumentException("tensor names are key=name pairs with keys "
                                + String.join(", ", KEYS) + "; got '" + pair.strip() + "'");
                    }
                    names.put(key, name);
                }
            }
            return new TensorNames(
                    names.get("user-factors"),
                    names.get("item-factors"),
                    names.get("user-bias"),
                    names.get("item-bias"),
                    names.get("global-bias"));
        }
    }

    private NotebookModels() {}

    /**
     * A version from a state dict and the ratings it was trained on: one user per distinct user id of
     * {@code ratings} with row {@code id − 1} of the user table, likewise for movies; biases when the
     * state dict has them (then {@code r̂ = μ + b_u + b_i + p_u·q_i}, else {@code r̂ = p_u·q_i}),
     * clipped to the ratings' scale.
     *
     * @param source what the file was called, for the manifest
     * @throws PthFormatException naming the tensor or id that does not fit
     */
    public static FactorModel fromStateDict(
            Map<String, Tensor> tensors, Dataset ratings, TensorNames names, String source) {
        Tensor userTable = table(tensors, names.userFactors(), "user");
        Tensor itemTable = table(tensors, names.itemFactors(), "movie");
        int k = userTable.shape()[1];
        if (itemTable.shape()[1] != k) {
            throw new PthFormatException("'" + names.itemFactors() + "' has "
                    + itemTable.shape()[1] + " factors per row, '" + names.userFactors() + "' has " + k);
        }
        IdIndex users = ratings.users();
        IdIndex items = ratings.items();
        float[] userFactors = rows(userTable, users, "user", k);
        float[] itemFactors = rows(itemTable, items, "movie", k);
        boolean biased = tensors.containsKey(names.userBias())
                || tensors.containsKey(names.itemBias())
                || tensors.containsKey(names.globalBias());
        float[] userBias =
                biased ? bias(tensors, names.userBias(), users, userTable.shape()[0], "user") : new float[users.size()];
        float[] itemBias = biased
                ? bias(tensors, names.itemBias(), items, itemTable.shape()[0], "movie")
                : new float[items.size()];
        float globalBias = biased ? scalar(tensors, names.globalBias()) : 0f;

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", source);
        details.put("biases", biased);
        details.put(
                "prediction",
                biased ? "μ + b_u + b_i + p_u·q_i, clipped to the scale" : "p_u·q_i, clipped to the scale");
        details.put("rows", "id − 1");
        details.put("userFactors", names.userFactors());
        details.put("itemFactors", names.itemFactors());
        details.put("dtype", userTable.dtype().pythonName());
        details.put("droppedUserRows", userTable.shape()[0] - users.size());
        details.put("droppedItemRows", itemTable.shape()[0] - items.size());
        details.put("droppedItemIds", untrainedIds(items, itemTable.shape()[0], 20));
        ModelManifest manifest = new ModelManifest(
                ModelManifest.FORMAT_VERSION,
                "unsaved",
                Instant.now(),
                ALGORITHM,
                details,
                0,
                ratings.toString(),
                ratings.fingerprint(),
                users.size(),
                items.size(),
                k,
                ratings.size(),
                globalBias,
                ratings.scale().min(),
                ratings.scale().max(),
                null,
                "mf-recommender",
                null,
                0,
                ratings.fingerprint());
        return new FactorModel(manifest, users, items, globalBias, userBias, itemBias, userFactors, itemFactors);
    }

    private static Tensor table(Map<String, Tensor> tensors, String name, String what) {
        Tensor table = tensors.get(name);
        if (table == null) {
            throw new PthFormatException("the state dict has no '" + name + "' (it has "
                    + String.join(", ", tensors.keySet()) + "); name the " + what + " table with the tensor names");
        }
        if (table.shape().length != 2 || table.shape()[0] == 0 || table.shape()[1] == 0) {
            throw new PthFormatException("'" + name + "' has shape " + table.shapeText() + "; the " + what
                    + " table must be 2-D, one non-empty row per " + what);
        }
        return table;
    }

    /** Row {@code id − 1} of {@code table} for each id, in the index's order, refusing ids without a row and rows that are not finite. */
    private static float[] rows(Tensor table, IdIndex ids, String what, int k) {
        float[] values = new float[ids.size() * k];
        for (int index = 0; index < ids.size(); index++) {
            long row = row(table, ids.idOf(index), what);
            for (int f = 0; f < k; f++) {
                values[index * k + f] = finite(
                        table,
                        (int) row * k + f,
                        "row " + row + " (" + what + " " + ids.idOf(index) + ")",
                        "a trained row");
            }
        }
        return values;
    }

    /** Value {@code at} of {@code tensor} as a float, refused naming {@code where} when it is not a finite float. */
    private static float finite(Tensor tensor, int at, String where, String what) {
        float value = (float) tensor.get(at);
        if (!Float.isFinite(value)) {
            throw new PthFormatException("'" + tensor.name() + "' " + where + " holds " + tensor.get(at) + ": " + what
                    + " must be finite (as a float32)");
        }
        return value;
    }

    private static long row(Tensor table, long id, String what) {
        long row = id - 1;
        if (row < 0 || row >= table.shape()[0]) {
            throw new PthFormatException(
                    "the ratings name " + what + " " + id + ", but '" + table.name() + "' has rows for ids 1 to "
                            + table.shape()[0] + " (row = id − 1): were these the ratings the model was trained on?");
        }
        return row;
    }

    private static float[] bias(Map<String, Tensor> tensors, String name, IdIndex ids, int rows, String what) {
        Tensor bias = tensors.get(name);
        if (bias == null) {
            throw new PthFormatException("the state dict has biases but no '" + name + "' (it has "
                    + String.join(", ", tensors.keySet()) + ")");
        }
        boolean column = bias.shape().length == 2 && bias.shape()[1] == 1;
        if (!(bias.shape().length == 1 || column) || bias.shape()[0] != rows) {
            throw new PthFormatException("'" + name + "' has shape " + bias.shapeText() + "; a " + what
                    + " bias must be (" + rows + ", 1) or (" + rows + ",), one per row of the " + what + " table");
        }
        float[] values = new float[ids.size()];
        for (int index = 0; index < ids.size(); index++) {
            int row = (int) row(bias, ids.idOf(index), what);
            values[index] = finite(bias, row, "row " + row, "a bias");
        }
        return values;
    }

    private static float scalar(Map<String, Tensor> tensors, String name) {
        Tensor value = tensors.get(name);
        if (value == null) {
            return 0f;
        }
        if (value.size() != 1) {
            throw new PthFormatException("'" + name + "' must be one finite number, got shape " + value.shapeText());
        }
        return finite(value, 0, "", "the global bias");
    }

    /** Up to {@code limit} ids in 1..rows with no ratings: the rows dropped as untrained. */
    private static List<Long> untrainedIds(IdIndex ids, int rows, int limit) {
        List<Long> untrained = new ArrayList<>();
        for (long id = 1; id <= rows && untrained.size() < limit; id++) {
            if (!ids.contains(id)) {
                untrained.add(id);
            }
        }
        return untrained;
    }

    /**
     * The version's rating model as the notebook's state dict, rows {@code id − 1} sized by the
     * largest id (rows of ids the version does not know are zero). A bias-free version is written
     * exactly; a version with biases writes {@code k + 2} factors, {@code p' = (p_u, μ + b_u, 1)} and
     * {@code q' = (q_i, 1, b_i)}, whose dot product is the version's score {@code μ + b_u + b_i +
     * p_u·q_i}: the notebook's {@code MatrixFactorization(n_users, n_items, n_factors=k + 2)} loads it
     * with {@code load_state_dict} and predicts what the service does, unclipped.
     *
     * @throws IllegalArgumentException when an id is below 1 or the largest is over {@link #MAX_EXPORT_ROWS}
     */
    public static List<StateDictWriter.Table> toStateDict(FactorModel model) {
        boolean biased = model.hasBiases();
        int width = biased ? model.factors() + 2 : model.factors();
        return List.of(exportTable(model, true, width, biased), exportTable(model, false, width, biased));
    }

    /**
     * One table, checked whole before a byte is written (so a refusal is a clean answer, not a broken
     * file), then written row by row in order of id: the rows of ids the version does not know are
     * zeros, and nothing the size of the table is ever allocated.
     */
    private static StateDictWriter.Table exportTable(FactorModel model, boolean users, int width, boolean biased) {
        IdIndex ids = users ? model.users() : model.items();
        long[] sorted = ids.toArray();
        Arrays.sort(sorted);
        long largest = 0;
        for (long id : sorted) {
            if (id < 1) {
                throw new IllegalArgumentException(
                        "the notebook's layout puts id " + id + " at row id − 1, which does not exist: "
                                + "only versions whose ids are all at least 1 can be exported");
            }
            largest = Math.max(largest, id);
        }
        if (largest > MAX_EXPORT_ROWS) {
            throw new IllegalArgumentException("the largest " + (users ? "user" : "movie") + " id is " + largest
                    + ": the notebook's layout (row = id − 1) would need that many rows, more than "
                    + MAX_EXPORT_ROWS);
        }
        long rows = largest;
        int k = model.factors();
        StateDictWriter.Storage storage = new StateDictWriter.Storage() {
            @Override
            public long length() {
                return rows * width * Float.BYTES;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                ByteBuffer chunk = ByteBuffer.allocate(Math.max(width * Float.BYTES, 1 << 16))
                        .order(ByteOrder.LITTLE_ENDIAN);
                float[] row = new float[width];
                int next = 0;
                for (long r = 0; r < rows; r++) {
                    Arrays.fill(row, 0f);
                    if (next < sorted.length && sorted[next] - 1 == r) {
                        int index = ids.indexOrMinusOne(sorted[next++]);
                        System.arraycopy(users ? model.userVector(index) : model.itemVector(index), 0, row, 0, k);
                        if (biased) {
                            row[k] = users ? model.globalMean() + model.userBias(index) : 1f;
                            row[k + 1] = users ? 1f : model.itemBias(index);
                        }
                    }
                    if (chunk.remaining() < width * Float.BYTES) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    for (float value : row) {
                        chunk.putFloat(value);
                    }
                }
                out.write(chunk.array(), 0, chunk.position());
            }
        };
        String name = users ? "user_factors.weight" : "item_factors.weight";
        return new StateDictWriter.Table(name, Tensor.DType.FLOAT32, new long[] {rows, width}, storage);
    }
}
