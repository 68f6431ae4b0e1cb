package io.mfrecommender.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserOverlayTests {

    private static UserOverlay.FoldedUser entry(long user, long sequence) {
        return new UserOverlay.FoldedUser(user, sequence, new float[] {sequence}, null, new int[0], sequence);
    }

    @Test
    void agreesWithAHashMapUnderRandomInsertsAndReplacements() {
        Random random = new Random(7);
        Map<Long, Long> expected = new HashMap<>();
        UserOverlay overlay = UserOverlay.empty();
        for (long step = 1; step <= 20_000; step++) {
            // Small ids collide in few bits, wide ones exercise deep paths; both replace often.
            long user = random.nextBoolean() ? random.nextInt(3000) : random.nextLong();
            overlay = overlay.with(entry(user, step));
            expected.put(user, step);
        }
        assertThat(overlay.size()).isEqualTo(expected.size());
        for (Map.Entry<Long, Long> e : expected.entrySet()) {
            assertThat(overlay.get(e.getKey()).sequence()).isEqualTo(e.getValue());
        }
        for (int probe = 0; probe < 1000; probe++) {
            long absent = random.nextLong();
            if (!expected.containsKey(absent)) {
                assertThat(overlay.get(absent)).isNull();
            }
        }
    }

    @Test
    void anOlderOverlayIsUnchangedByLaterOnes() {
        UserOverlay first = UserOverlay.empty().with(entry(1, 1)).with(entry(2, 2));
        UserOverlay second = first.with(entry(1, 3)).with(entry(Long.MIN_VALUE, 4));
        assertThat(first.get(1).sequence()).isEqualTo(1);
        assertThat(first.get(Long.MIN_VALUE)).isNull();
        assertThat(first.size()).isEqualTo(2);
        assertThat(second.get(1).sequence()).isEqualTo(3);
        assertThat(second.get(Long.MIN_VALUE).sequence()).isEqualTo(4);
        assertThat(second.size()).isEqualTo(3);
    }

    @Test
    void theHashIsABijectionSoDistinctIdsNeverCollide() {
        // Spot check: consecutive and sign-flipped ids map to distinct hashes.
        Set<Long> hashes = new HashSet<>();
        for (long id = -5000; id < 5000; id++) {
            hashes.add(UserOverlay.hash(id));
        }
        assertThat(hashes).hasSize(10_000);
    }
}
