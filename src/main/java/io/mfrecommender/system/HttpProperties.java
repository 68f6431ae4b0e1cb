package io.mfrecommender.system;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code recommender.http.*}: how requests are received, for every endpoint alike (formerly under
 * {@code recommender.serving.*}, whose old keys still work: {@link DeprecatedKeys}).
 *
 * @param maxBodyBytes         largest request body accepted, declared or received (more: 413)
 * @param bodyTimeout          longest a request body may take to arrive (more: 408); the body is read
 *                             without holding a request thread
 * @param maxBufferedBodyBytes the most bytes of request bodies held in memory at once, by all requests
 *                             together (uploads go to disk instead); a body that would pass it is
 *                             answered 503 with {@code Retry-After} before it is read
 * @param retryAfterSeconds    {@code Retry-After} sent with every 503 (no model yet, storage away, busy)
 */
@ConfigurationProperties("recommender.http")
@Validated
public record HttpProperties(
        @DefaultValue("1048576") @Min(1024) long maxBodyBytes,
        @DefaultValue("10s") @NotNull Duration bodyTimeout,
        @DefaultValue("67108864") @Min(1024) long maxBufferedBodyBytes,
        @DefaultValue("5") @Min(1) @Max(3600) int retryAfterSeconds) {}
