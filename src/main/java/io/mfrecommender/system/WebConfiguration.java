package io.mfrecommender.system;

import io.mfrecommender.access.AccessProperties;
import io.mfrecommender.access.AuditTrail;
import io.mfrecommender.access.RequestRates;
import io.mfrecommender.api.QueryValues;
import io.mfrecommender.catalogue.CatalogueProperties;
import io.mfrecommender.model.ModelProperties;
import io.mfrecommender.ratings.RatingsService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.beans.PropertyEditor;
import java.beans.PropertyEditorSupport;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * How requests are read: bodies in full and without a thread ({@link BodyReader}), their shape
 * checked first ({@link RequestGuard}), numbers and booleans in query parameters written one way
 * only ({@link StrictBinding}), JSON bound strictly, and errors the container raises answered as problems
 * ({@link ProblemReportValve}).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    FilterRegistrationBean<RequestGuard> requestGuard() {
        FilterRegistrationBean<RequestGuard> registration = new FilterRegistrationBean<>(new RequestGuard());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** After Spring Security's chain (-100), so the credential is known; before the body is read. */
    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimits(
            RequestRates rates, AccessProperties access, MeterRegistry meters) {
        FilterRegistrationBean<RateLimitFilter> registration =
                new FilterRegistrationBean<>(new RateLimitFilter(rates, access.limits(), meters));
        registration.setAsyncSupported(true);
        registration.setOrder(-60);
        return registration;
    }

    /** After the limits; in both dispatches, as a call whose body is read first is answered in the second. */
    @Bean
    FilterRegistrationBean<AuditFilter> audit(AuditTrail audit, RatingsService ratings) {
        FilterRegistrationBean<AuditFilter> registration =
                new FilterRegistrationBean<>(new AuditFilter(audit, ratings));
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setAsyncSupported(true);
        registration.setOrder(-50);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodyReader> bodyReader(
            ModelProperties modelProperties,
            HttpProperties httpProperties,
            CatalogueProperties catalogueProperties,
            MeterRegistry meters) {
        // Uploads are written beside the versions they become (the models disk); a read-only
        // instance refuses them (409) once read, so its spool is the temporary directory.
        Path spool = modelProperties.readOnly()
                ? Path.of(System.getProperty("java.io.tmpdir"), "mf-recommender-uploads")
                : modelProperties.directory().resolve(".staging-uploads");
        FilterRegistrationBean<BodyReader> registration = new FilterRegistrationBean<>(new BodyReader(
                httpProperties.maxBodyBytes(),
                httpProperties.bodyTimeout().toMillis(),
                httpProperties.maxBufferedBodyBytes(),
                httpProperties.retryAfterSeconds(),
                Map.of(
                        RequestGuard.MODEL_UPLOAD,
                        new BodyReader.Spool(
                                new BodyReader.Limit(
                                        modelProperties.maxImportBytes(), "recommender.models.max-import-bytes"),
                                spool,
                                modelProperties.maxConcurrentImports(),
                                "recommender.models.max-concurrent-imports"),
                        RequestGuard.CATALOGUE_UPLOAD,
                        new BodyReader.Spool(
                                new BodyReader.Limit(
                                        catalogueProperties.maxBulkBytes().toBytes(),
                                        "recommender.catalogue.max-bulk-bytes"),
                                spool,
                                1,
                                "one bulk catalogue load at a time")),
                meters));
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setAsyncSupported(true);
        registration.setOrder(0);
        return registration;
    }

    /** Tomcat's own error reports (requests refused before the application sees them) as problem documents. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /**
     * Request bodies bound as written: a member the record does not have, a fraction for a whole
     * number, a string for a number or a boolean, a number for a boolean, a repeated member or
     * trailing content is a 400 (the document describes every member; nothing else is ignored). The
     * unknown member is refused by {@code spring.jackson.deserialization.fail-on-unknown-properties}
     * in application.yml, which the web slice tests read too.
     */
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withCoercionConfig(
                        LogicalType.Integer,
                        c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Boolean,
                        c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }

    /**
     * Query parameters and path variables bound as written ({@link QueryValues}): the editors here
     * are found before Spring's defaults.
     */
    @ControllerAdvice
    static class StrictBinding {

        @InitBinder
        void strictNumbers(WebDataBinder binder) {
            for (Class<?> type : new Class<?>[] {long.class, Long.class}) {
                binder.registerCustomEditor(type, editor(QueryValues::wholeNumber));
            }
            for (Class<?> type : new Class<?>[] {int.class, Integer.class}) {
                binder.registerCustomEditor(type, editor(QueryValues::intNumber));
            }
            for (Class<?> type : new Class<?>[] {boolean.class, Boolean.class}) {
                binder.registerCustomEditor(type, editor(QueryValues::bool));
            }
        }

        private static PropertyEditor editor(Function<String, Object> parse) {
            return new PropertyEditorSupport() {
                @Override
                public void setAsText(String text) {
                    setValue(parse.apply(text));
                }
            };
        }
    }
}
