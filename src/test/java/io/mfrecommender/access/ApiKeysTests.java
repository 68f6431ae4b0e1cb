package io.mfrecommender.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys known by their digests, from settings and a file that is read again as it changes. */
class ApiKeysTests {

    private static final String OPS = "ops-key-0123456789abcdef";
    private static final String SHOP = "shop-key-0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path dir;

    /** SHA-256 of "abc", from FIPS 180-2's example. */
    @Test
    void theDigestIsSha256InHex() {
        assertThat(ApiKeys.digest("abc"))
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void onlyTheExactKeyOfALineMatchesWithItsScopesUntilItExpires() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(
                file,
                "# id scopes digest\n"
                        + "ops admin " + ApiKeys.digest(OPS) + "   # the operators\n\n"
                        + "shop read,write " + ApiKeys.digest(SHOP) + " expires=2026-12-08T00:00:00Z rate=50\n");
        ApiKeys keys = new ApiKeys(List.of(), file);
        assertThat(keys.find(OPS, NOW).id()).isEqualTo("ops");
        assertThat(keys.find(OPS, NOW).scopes()).containsExactly(Scope.ADMIN);
        assertThat(keys.find(SHOP, NOW).scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.WRITE);
        assertThat(keys.find(SHOP, NOW).rate()).isEqualTo(50.0);
        assertThat(keys.find(OPS, NOW).rate()).isZero();
        assertThat(keys.find(SHOP, Instant.parse("2026-12-08T00:00:00Z"))).isNull();
        for (String wrong :
                List.of(OPS + " ", OPS.substring(1), OPS.toUpperCase(Locale.ROOT), "", ApiKeys.digest(OPS))) {
            assertThat(keys.find(wrong, NOW)).as(wrong).isNull();
        }
        assertThat(keys.find(null, NOW)).isNull();
        assertThat(keys.ids()).containsExactly("ops", "shop");
    }

    @Test
    void aChangedFileIsSwappedInWholeAndABadOneLeavesTheKeysInUse() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "a read " + ApiKeys.digest(OPS) + "\n");
        ApiKeys keys = new ApiKeys(
                List.of(new ApiKeys.Key("api-key", Set.of(Scope.ADMIN), ApiKeys.digest("single-0123456789"), null, 0)),
                file);
        assertThat(keys.reload()).isNull();
        // The overlap of a rotation: both keys listed.
        Files.writeString(file, "a read " + ApiKeys.digest(OPS) + "\nb read " + ApiKeys.digest(SHOP) + "\n");
        assertThat(keys.reload())
                .as("a change is taken up on the second read that sees it")
                .isNull();
        assertThat(keys.find(SHOP, NOW)).isNull();
        ApiKeys.Reload overlap = keys.reload();
        assertThat(overlap.added()).containsExactly("b");
        assertThat(overlap.removed()).isEmpty();
        assertThat(keys.find(OPS, NOW)).isNotNull();
        assertThat(keys.find(SHOP, NOW)).isNotNull();
        // A line that does not parse: refused (saying the line, never a digest), the keys in use kept.
        Files.writeString(file, "b read " + ApiKeys.digest(SHOP) + "\nbroken\n");
        assertThat(keys.reload()).isNull();
        assertThatThrownBy(keys::reload)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageNotContaining(ApiKeys.digest(SHOP));
        assertThat(keys.reload()).as("the same bad content is not tried again").isNull();
        assertThat(keys.find(OPS, NOW)).isNotNull();
        // The end of the overlap: the old key goes.
        Files.writeString(file, "b read " + ApiKeys.digest(SHOP) + "\n");
        assertThat(keys.reload()).isNull();
        ApiKeys.Reload done = keys.reload();
        assertThat(done.removed()).containsExactly("a");
        assertThat(keys.find(OPS, NOW)).isNull();
        assertThat(keys.find(SHOP, NOW).id()).isEqualTo("b");
        assertThat(keys.find("single-0123456789", NOW).id()).isEqualTo("api-key");
    }

    @Test
    void badLinesAreRefusedSayingWhy() {
        String digest = ApiKeys.digest(OPS);
        assertThatThrownBy(() -> ApiKeys.parse("ops admin")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> ApiKeys.parse("ops root " + digest)).hasMessageContaining("unknown scope");
        assertThatThrownBy(() -> ApiKeys.parse("ops admin " + OPS)).hasMessageContaining("sha256:");
        assertThatThrownBy(() -> ApiKeys.parse("ops admin " + digest + " expires=soon"))
                .hasMessageContaining("expires");
        assertThatThrownBy(() -> ApiKeys.parse("ops admin " + digest + " rate=0"))
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> ApiKeys.parse("ops admin " + digest + " colour=red"))
                .hasMessageContaining("unknown option");
        assertThatThrownBy(
                        () -> new ApiKeys(ApiKeys.parse("a read " + digest + "\na read " + ApiKeys.digest(SHOP)), null))
                .hasMessageContaining("two keys are named a");
        assertThatThrownBy(() -> new ApiKeys(ApiKeys.parse("a read " + digest + "\nb read " + digest), null))
                .hasMessageContaining("same digest");
    }

    @Test
    void scopesIncludeWhatTheIssueSays() {
        assertThat(Scope.ADMIN.grants(Scope.USER_DATA)).isTrue();
        assertThat(Scope.WRITE.grants(Scope.READ)).isTrue();
        assertThat(Scope.WRITE.grants(Scope.USER_DATA)).isFalse();
        assertThat(Scope.USER_DATA.grants(Scope.READ)).isTrue();
        assertThat(Scope.READ.grants(Scope.WRITE)).isFalse();
        assertThat(Scope.named(" READ:user-data ")).isEqualTo(Scope.USER_DATA);
        assertThat(Scope.named("root")).isNull();
    }
}
