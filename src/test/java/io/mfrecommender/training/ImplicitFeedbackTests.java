package io.mfrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ImplicitFeedbackTests {

    private static final int STRIDE = Kernels.stride(1);

    /** Two users: user 0 rated items 0 and 1, user 1 rated item 1. One factor, in lane 0. */
    private static ImplicitFeedback twoUsers(double regularization, double implicitRegularization, float[] s) {
        SgdParameters p = SgdParameters.defaults()
                .with(Map.of(
                        "factors",
                        1,
                        "implicitRate",
                        1,
                        "regularization",
                        regularization,
                        "implicitRegularization",
                        implicitRegularization));
        return new ImplicitFeedback(new int[] {0, 0, 1}, new int[] {1, 0, 1}, 2, 2, STRIDE, p, s);
    }

    private static float[] rows(float user0, float user1) {
        float[] s = new float[2 * STRIDE];
        s[0] = user0;
        s[STRIDE] = user1;
        return s;
    }

    @Test
    void handsEachUsersMoveToItsItemsAndBringsTheirSumBack() {
        float[] s = rows(1, 2);
        ImplicitFeedback implicit = twoUsers(0, 0, s);
        // The kernel moved s_0 from 1 to 3 and s_1 from 2 to 6 over two epochs (no shrinking: λ = λ_z = 0).
        s[0] = 3;
        s[STRIDE] = 6;
        implicit.endEpoch(s, 0.01f, null);
        assertThat(implicit.itemVector(0)[0])
                .as("the first epoch only records its shrink factors")
                .isZero();
        implicit.endEpoch(s, 0.01f, null);
        // Δz = ½ (s − s⁰): 1 for user 0, 2 for user 1. Norms |N(u)|^-½: 1/√2 and 1. Steps σ_j = |N(j)|^-¾: 1 and 2^-¾.
        double y0 = 1 / Math.sqrt(2);
        double y1 = Math.pow(2, -0.75) * (1 / Math.sqrt(2) + 2);
        assertThat(implicit.itemVector(0)[0]).isCloseTo((float) y0, within(1e-6f));
        assertThat(implicit.itemVector(1)[0]).isCloseTo((float) y1, within(1e-6f));
        // z_0 = (y0 + y1)/√2 and z_1 = y1 replace the half of each move that belonged to z.
        double z0 = (y0 + y1) / Math.sqrt(2);
        assertThat(implicit.userImplicit(0)[0]).isCloseTo((float) z0, within(1e-6f));
        assertThat(implicit.userImplicit(1)[0]).isCloseTo((float) y1, within(1e-6f));
        assertThat(s[0]).isCloseTo((float) (3 - 1 + z0), within(1e-6f));
        assertThat(s[STRIDE]).isCloseTo((float) (6 - 2 + y1), within(1e-6f));
        assertThat(s[1]).as("padding lanes stay zero").isZero();
    }

    @Test
    void addsBackTheShrinkingTheKernelAppliedToZAtTheRateOfP() {
        // λ = 0.5 shrinks s = p + z in the kernel, where z should shrink at λ_z = 0.
        float[] s = rows(1, 2);
        ImplicitFeedback implicit = twoUsers(0.5, 0, s);
        s[0] = 3;
        s[STRIDE] = 6;
        implicit.endEpoch(s, 0.01f, null);
        implicit.endEpoch(s, 0.01f, null);
        // A = (1 − ηλ)^(ratings per epoch × epochs): 4 for user 0, 2 for user 1. B = 1.
        double a0 = Math.pow(1 - 0.01 * 0.5, 4);
        double a1 = Math.pow(1 - 0.01 * 0.5, 2);
        double move0 = 0.5 * (3 - a0 * 1);
        double move1 = 0.5 * (6 - a1 * 2);
        double y0 = move0 / Math.sqrt(2);
        double y1 = Math.pow(2, -0.75) * (move0 / Math.sqrt(2) + move1);
        double z0 = (y0 + y1) / Math.sqrt(2);
        double s0 = 3 - move0 + z0;
        double s1 = 6 - move1 + y1;
        assertThat(s[0]).isCloseTo((float) s0, within(1e-5f));
        assertThat(s[STRIDE]).isCloseTo((float) s1, within(1e-5f));

        // Two more epochs in which the kernel changed nothing: now z ≠ 0, so (B − A) z is added back.
        implicit.endEpoch(s, 0.01f, null);
        implicit.endEpoch(s, 0.01f, null);
        double nextMove0 = 0.5 * (1 - a0) * s0;
        double nextMove1 = 0.5 * (1 - a1) * s1;
        double nextY0 = y0 + nextMove0 / Math.sqrt(2);
        double nextY1 = y1 + Math.pow(2, -0.75) * (nextMove0 / Math.sqrt(2) + nextMove1);
        double nextZ0 = (nextY0 + nextY1) / Math.sqrt(2);
        assertThat(implicit.userImplicit(0)[0]).isCloseTo((float) nextZ0, within(1e-5f));
        assertThat(s[0]).isCloseTo((float) (s0 + (1 - a0) * z0 - z0 - nextMove0 + nextZ0), within(1e-5f));
        assertThat(s[STRIDE]).isCloseTo((float) (s1 + (1 - a1) * y1 - y1 - nextMove1 + nextY1), within(1e-5f));
    }

    @Test
    void cutsSplitRowsIntoContiguousRunsOfAboutEqualEntries() {
        int[] start = {0, 5, 5, 6, 10, 10, 20};
        assertThat(ImplicitFeedback.cut(start, 0, 2)).isZero();
        assertThat(ImplicitFeedback.cut(start, 1, 2)).isEqualTo(4); // rows 0-3 hold 10 entries, rows 4-5 the other 10
        assertThat(ImplicitFeedback.cut(start, 2, 2)).isEqualTo(6);
        for (int members = 1; members <= 7; members++) {
            int previous = 0;
            for (int m = 0; m <= members; m++) {
                int cut = ImplicitFeedback.cut(start, m, members);
                assertThat(cut).isGreaterThanOrEqualTo(previous);
                previous = cut;
            }
            assertThat(previous).isEqualTo(6);
        }
    }

    /**
     * u0 rated items 0 and 1, u1 rated item 1, steps σ = (1, 1): K = D^-½ A Σ Aᵀ D^-½ =
     * [[1, 1/√2], [1/√2, 1]], whose top eigenvalue is 1 + 1/√2.
     */
    @Test
    void thePropagationGainIsTheTopEigenvalueOfTheUserToUserMap() {
        double gain = ImplicitFeedback.propagationGain(
                new int[] {0, 2, 3},
                new int[] {0, 1, 1},
                new float[] {(float) (1 / Math.sqrt(2)), 1f},
                new float[] {1f, 1f},
                50);
        assertThat(gain).isCloseTo(1 + 1 / Math.sqrt(2), within(1e-6));
    }

    /**
     * 1,000 users who all rated the same 20 items: K = σ·J (J all ones), gain σ·1000 with
     * σ = 2·1000^-¾ = 11.25, above the bound: the steps are scaled so that it is 8.
     */
    @Test
    void denseDataHasItsPropagationGainBounded() {
        int users = 1000;
        int items = 20;
        int[] u = new int[users * items];
        int[] i = new int[users * items];
        for (int k = 0; k < u.length; k++) {
            u[k] = k / items;
            i[k] = k % items;
        }
        SgdParameters p = SgdParameters.defaults().with(Map.of("factors", 2, "implicitRate", 2.0));
        int stride = Kernels.stride(2);
        ImplicitFeedback implicit = new ImplicitFeedback(u, i, users, items, stride, p, new float[users * stride]);
        assertThat(implicit.unboundedGain()).isCloseTo(2 * Math.pow(1000, -0.75) * 1000, within(1e-3));
        assertThat(implicit.boundedGain()).isCloseTo(ImplicitFeedback.MAX_GAIN, within(1e-3));
    }
}
