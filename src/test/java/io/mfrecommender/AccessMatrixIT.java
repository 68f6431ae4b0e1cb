package io.mfrecommender;

import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AccessMatrix} with reads closed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessMatrixIT extends AccessMatrix {

    private static final Path DIR = TinyService.directory("mf-recommender-access-closed");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, DIR, false);
    }

    @Override
    boolean openReads() {
        return false;
    }
}
