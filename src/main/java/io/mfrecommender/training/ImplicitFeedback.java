package io.mfrecommender.training;

import java.util.Arrays;

/**
 * The implicit-feedback half of SVD++ (Koren, KDD 2008) for {@link SgdTrainer}: which items a user
 * rated, whatever the ratings, says something about the user. The user's vector becomes
 * <pre>
 *   s_u = p_u + z_u,   z_u = |N(u)|^-½ Σ_{j ∈ N(u)} y_j
 * </pre>
 * over the items {@code N(u)} the user rated in training. Exact SVD++ moves every {@code y_j} of
 * the user on every rating, so two DSGD threads would write the same rows. Here the work is split:
 * <ul>
 *   <li><b>During an epoch</b> the kernel trains {@code s_u} alone. On a rating with error
 *       {@code e}, exact SVD++ moves {@code p_u ← a p_u + g} and, through the {@code y_j}, the
 *       user's own sum {@code z_u ← b z_u + g}, with {@code g = η e q_i}, {@code a = 1 − ηλ} and
 *       {@code b = 1 − ηλ_z} (the {@code y_j} steps add up to exactly {@code g} in {@code z_u}
 *       because {@code |N(u)| · (|N(u)|^-½)² = 1}). So {@code s_u} takes two gradient steps
 *       ({@link #USER_STEPS}) under {@code a}; the {@code (b − a) z_u} per rating this leaves
 *       out is added later as {@code (Bⁿ − Aⁿ) z_u}, for the user's {@code n} ratings per epoch,
 *       with {@code Aⁿ}, {@code Bⁿ} the products of {@code aⁿ}, {@code bⁿ} over the epochs since.</li>
 *   <li><b>Every {@value #EPOCHS_PER_PROPAGATION} epochs</b> {@link #endEpoch} recovers each
 *       user's move {@code Δz_u = (Bⁿ − 1) z_u + ½ (s_u − Aⁿ s_u⁰)}, hands it to the shared item
 *       vectors, {@code y_j += σ_j Σ_{u ∈ N(j)} |N(u)|^-½ Δz_u}, and puts every {@code z_u},
 *       recomputed from the new {@code y}, back into {@code s_u}: what other users taught an item
 *       reaches its raters a little later.</li>
 * </ul>
 * This scores as keeping a separate {@code z_u} row in the kernel does, at the plain kernel's
 * speed; propagating every second epoch instead of every epoch halves the cost of these passes,
 * which is most of what implicit feedback adds to an epoch ({@code docs/math.md} has the figures).
 *
 * <p>The item step {@code σ_j = implicitRate · |N(j)|^-¾} keeps a popular item from summing
 * thousands of users' moves at full size: exponent ½ overfit a synthetic set with no implicit
 * signal to find, 1 was stable but weaker, ¾ kept most of ½'s gain on real data.
 *
 * <p>The propagation is a linear map of the users' moves, through the item vectors, back to their
 * {@code z}: {@code K = D^-½ A Σ Aᵀ D^-½} (A: who rated what, D: ratings per user, Σ: the item
 * steps). A pattern of moves shared by many users returns multiplied by up to K's top eigenvalue,
 * which with {@code σ_j ∝ |N(j)|^-¾} grows like {@code |N(j)|^¼} as the data gets denser, until
 * training diverges (training RMSE alternating between epochs with a growing amplitude). The item
 * steps are therefore scaled down, all by one factor, until that gain is at most
 * {@value #MAX_GAIN}: below the gains of real data, which train as before, and above those that
 * trained stably ({@code docs/math.md} has the measured gains).
 *
 * <p>Each row is written by one thread in a fixed order (items, then users), so the outcome does
 * not depend on scheduling. When training ends {@code s_u} is the user's factor row: the served
 * model is plain biased MF and costs nothing extra.
 */
final class ImplicitFeedback {

    /** Gradient steps per rating for the user row: one for {@code p_u}, one for {@code z_u}. */
    static final float USER_STEPS = 2f;
    /** {@code σ_j ∝ |N(j)|^-ITEM_EXPONENT}; see the class comment for the measurement. */
    static final double ITEM_EXPONENT = 0.75;
    /** Epochs between propagations; see the class comment for the measurement. */
    static final int EPOCHS_PER_PROPAGATION = 2;
    /** Largest gain a propagation may have; see the class comment for the measurement. */
    static final double MAX_GAIN = 8;

    static final int GAIN_ITERATIONS = 20;

    private final int stride;
    private final double regularization;
    private final double implicitRegularization;
    /** The items each user rated, in item order: {@code userItems[userStart[u] .. userStart[u+1])}. */
    private final int[] userStart;

    private final int[] userItems;
    /** Offsets as if items' rater lists were laid out in item order: only their sizes are used. */
    private final int[] itemStart;
    /** {@code |N(u)|^-½}, 0 for a user without training ratings. */
    private final float[] userNorm;

    private final float[] itemStep;
    private final float[] y;
    /** {@code z_u} as it stands inside {@code s_u}. */
    private final float[] z;
    /** {@code s_u} right after the last propagation ({@code s_u⁰} below). */
    private final float[] propagated;
    /** {@code Aⁿ} and {@code Bⁿ} since the last propagation, by rating count {@code n}. */
    private final float[] userShrink;

    private final float[] implicitShrink;
    private int pendingEpochs;
    /** {@link #propagationGain} of the item steps before any bound. */
    private final double gain;

    /**
     * Indexes who rated what from {@code users[k], items[k]} (rows of the trainer's layout). The
     * item vectors start at zero, so every {@code z_u} does too and {@code s_u} starts as given.
     */
    ImplicitFeedback(
            int[] users, int[] items, int userCount, int itemCount, int stride, SgdParameters p, float[] userFactors) {
        this.stride = stride;
        this.regularization = p.regularization();
        this.implicitRegularization = p.implicitRegularization();
        userStart = SgdTrainer.Blocks.offsets(users, userCount);
        itemStart = SgdTrainer.Blocks.offsets(items, itemCount);
        // Two counting sorts (by item, then stably by user) list each user's items in item order.
        int[] byItem = new int[users.length];
        int[] cursor = Arrays.copyOf(itemStart, itemCount);
        for (int k = 0; k < users.length; k++) {
            byItem[cursor[items[k]]++] = k;
        }
        userItems = new int[users.length];
        cursor = Arrays.copyOf(userStart, userCount);
        for (int k : byItem) {
            userItems[cursor[users[k]]++] = items[k];
        }
        userNorm = new float[userCount];
        int mostRated = 0;
        for (int u = 0; u < userCount; u++) {
            int rated = userStart[u + 1] - userStart[u];
            userNorm[u] = rated == 0 ? 0f : (float) (1 / Math.sqrt(rated));
            mostRated = Math.max(mostRated, rated);
        }
        itemStep = new float[itemCount];
        for (int i = 0; i < itemCount; i++) {
            int raters = Math.max(1, itemStart[i + 1] - itemStart[i]);
            itemStep[i] = (float) (p.implicitRate() * Math.pow(raters, -ITEM_EXPONENT));
        }
        gain = propagationGain(userStart, userItems, userNorm, itemStep, GAIN_ITERATIONS);
        if (gain > MAX_GAIN) {
            float scale = (float) (MAX_GAIN / gain);
            for (int i = 0; i < itemCount; i++) {
                itemStep[i] *= scale;
            }
        }
        y = new float[itemCount * stride];
        z = new float[userCount * stride];
        propagated = userFactors.clone();
        userShrink = new float[mostRated + 1];
        implicitShrink = new float[mostRated + 1];
    }

    /** Bytes this needs beyond the trainer's own arrays, for {@link SgdParameters#checkFits}. */
    static long extraBytes(long users, long items, int factors) {
        return (2 * users + items) * factors * Float.BYTES;
    }

    /**
     * Ends an epoch trained at learning rate {@code lr}. Every {@value #EPOCHS_PER_PROPAGATION}
     * epochs it moves the item vectors and rewrites each {@code s_u} (the user factor rows, in
     * place) with its recomputed {@code z_u}; with a team, items and then users are split among its
     * members by rating count.
     */
    void endEpoch(float[] s, float lr, WorkerTeam team) {
        if (pendingEpochs == 0) {
            Arrays.fill(userShrink, 1f);
            Arrays.fill(implicitShrink, 1f);
        }
        multiplyPowers(1 - (double) lr * regularization, userShrink);
        multiplyPowers(1 - (double) lr * implicitRegularization, implicitShrink);
        if (++pendingEpochs < EPOCHS_PER_PROPAGATION) {
            return;
        }
        pendingEpochs = 0;
        int users = userStart.length - 1;
        int items = itemStart.length - 1;
        if (team == null) {
            moveItems(s, 0, items);
            moveUsers(s, 0, users);
            return;
        }
        int m = team.size();
        team.run(t -> moveItems(s, cut(itemStart, t, m), cut(itemStart, t + 1, m)));
        team.run(t -> moveUsers(s, cut(userStart, t, m), cut(userStart, t + 1, m)));
    }

    /**
     * {@code y_j += σ_j Σ_{u ∈ N(j)} |N(u)|^-½ Δz_u} for items {@code [from, to)}: every user's
     * {@code Δz_u} is added to the user's items in that range, users in index order.
     */
    private void moveItems(float[] s, int from, int to) {
        float[] move = new float[stride];
        for (int user = 0; user < userStart.length - 1; user++) {
            int first = lowerBound(userItems, userStart[user], userStart[user + 1], from);
            int last = lowerBound(userItems, first, userStart[user + 1], to);
            if (first == last) {
                continue;
            }
            userMove(s, user, move);
            Rows.scatterScaled(userNorm[user], move, userItems, first, last, itemStep, stride, y);
        }
    }

    /**
     * For users {@code [from, to)}: {@code s_u} loses its old {@code z_u} and its move
     * {@code Δz_u}, gains the {@code (Bⁿ − Aⁿ) z_u} the kernel left out, and then the new
     * {@code z_u = |N(u)|^-½ Σ_{j ∈ N(u)} y_j}.
     */
    private void moveUsers(float[] s, int from, int to) {
        float[] move = new float[stride];
        for (int user = from; user < to; user++) {
            int n = userStart[user + 1] - userStart[user];
            float missed = implicitShrink[n] - userShrink[n];
            userMove(s, user, move);
            int offset = user * stride;
            for (int f = 0, x = offset; f < stride; f++, x++) {
                s[x] += missed * z[x] - z[x] - move[f];
            }
            Arrays.fill(z, offset, offset + stride, 0f);
            Rows.addScaledSum(userNorm[user], y, userItems, userStart[user], userStart[user + 1], stride, z, offset);
            for (int x = offset; x < offset + stride; x++) {
                s[x] += z[x];
                propagated[x] = s[x];
            }
        }
    }

    /** {@code Δz_u = (Bⁿ − 1) z_u + ½ (s_u − Aⁿ s_u⁰)} into {@code move}. */
    private void userMove(float[] s, int user, float[] move) {
        int n = userStart[user + 1] - userStart[user];
        float an = userShrink[n];
        float bn = implicitShrink[n];
        for (int f = 0, x = user * stride; f < stride; f++, x++) {
            move[f] = (bn - 1) * z[x] + (s[x] - an * propagated[x]) / USER_STEPS;
        }
    }

    /** {@code out[n] *= base^n}. */
    private static void multiplyPowers(double base, float[] out) {
        double power = 1;
        for (int n = 0; n < out.length; n++) {
            out[n] *= (float) power;
            power *= base;
        }
    }

    /** The first index in {@code [from, to)} of the sorted {@code values} holding at least {@code key}. */
    private static int lowerBound(int[] values, int from, int to, int key) {
        int low = from;
        int high = to;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (values[mid] < key) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * The first row of member {@code m}'s share when the rows behind {@code start} (CSR offsets)
     * are split into {@code members} runs of about equal entries.
     */
    static int cut(int[] start, int m, int members) {
        int rows = start.length - 1;
        if (m >= members) {
            return rows;
        }
        int target = (int) ((long) start[rows] * m / members);
        return lowerBound(start, 0, rows + 1, target);
    }

    /**
     * The largest gain of one propagation on a pattern shared by users: the top eigenvalue of
     * {@code K = D^-½ A Σ Aᵀ D^-½} (A: who rated what, D: ratings per user, Σ: the item steps),
     * the linear map from the users' moves {@code Δz} through the item vectors back to the users'
     * {@code z}. Power iteration from the all-ones vector (K is symmetric and non-negative, so it
     * converges to the Perron vector).
     */
    static double propagationGain(
            int[] userStart, int[] userItems, float[] userNorm, float[] itemStep, int iterations) {
        int users = userStart.length - 1;
        double[] v = new double[users];
        Arrays.fill(v, 1 / Math.sqrt(Math.max(1, users)));
        double[] w = new double[itemStep.length];
        double gain = 0;
        for (int iteration = 0; iteration < iterations; iteration++) {
            Arrays.fill(w, 0);
            for (int u = 0; u < users; u++) {
                double x = userNorm[u] * v[u];
                for (int k = userStart[u]; k < userStart[u + 1]; k++) {
                    w[userItems[k]] += x;
                }
            }
            for (int j = 0; j < w.length; j++) {
                w[j] *= itemStep[j];
            }
            double norm = 0;
            for (int u = 0; u < users; u++) {
                double sum = 0;
                for (int k = userStart[u]; k < userStart[u + 1]; k++) {
                    sum += w[userItems[k]];
                }
                v[u] = userNorm[u] * sum;
                norm += v[u] * v[u];
            }
            gain = Math.sqrt(norm);
            if (gain == 0) {
                return 0;
            }
            for (int u = 0; u < users; u++) {
                v[u] /= gain;
            }
        }
        return gain;
    }

    /** The propagation's gain before {@link #MAX_GAIN} bounded it (tests, diagnostics). */
    double unboundedGain() {
        return gain;
    }

    /** The propagation's gain with the item steps in use (tests). */
    double boundedGain() {
        return propagationGain(userStart, userItems, userNorm, itemStep, GAIN_ITERATIONS);
    }

    /** Item vector {@code y_j} (tests). */
    float[] itemVector(int item) {
        return Arrays.copyOfRange(y, item * stride, item * stride + stride);
    }

    /** {@code z_u} as it stands inside the user's factor row (tests). */
    float[] userImplicit(int user) {
        return Arrays.copyOfRange(z, user * stride, user * stride + stride);
    }
}
