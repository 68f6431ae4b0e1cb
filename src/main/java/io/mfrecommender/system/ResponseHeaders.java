package io.mfrecommender.system;

import io.mfrecommender.api.ModelVersioned;
import io.mfrecommender.text.ClientText;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * The headers of every response a controller writes: the body's {@code modelVersion} copied into
 * {@code X-Model-Version}, and {@code application/problem+json} kept for problems, so a success
 * asked for with that {@code Accept} is labelled {@code application/json}; and a problem's detail
 * and text properties escaped and bounded ({@link ClientText}), whatever they quote.
 */
@RestControllerAdvice
class ResponseHeaders implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ModelVersioned versioned) {
            response.getHeaders().set(ModelVersioned.HEADER, versioned.modelVersion());
        }
        if (!(body instanceof ProblemDetail) && MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(contentType)) {
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        }
        if (body instanceof ProblemDetail problem) {
            // Whatever a detail quotes of the request, it goes back escaped and bounded.
            problem.setDetail(ClientText.detail(problem.getDetail()));
            if (problem.getProperties() != null) {
                problem.getProperties()
                        .replaceAll((name, value) -> value instanceof String text ? ClientText.of(text) : value);
            }
        }
        return body;
    }
}
