package io.mfrecommender;

import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AccessMatrix} with reads open (the default). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessMatrixOpenReadsIT extends AccessMatrix {

    private static final Path DIR = TinyService.directory("mf-recommender-access-open");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, DIR, true);
    }

    @Override
    boolean openReads() {
        return true;
    }
}
