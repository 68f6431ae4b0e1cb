package io.mfrecommender.recommendation;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets the recommendations endpoint take its parameters as one {@link ListQuery} ({@link ListQueryResolver}). */
@Configuration(proxyBeanMethods = false)
class RecommendationWebConfiguration implements WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ListQueryResolver());
    }
}
