package io.mfrecommender.system;

import io.mfrecommender.api.ModelVersioned;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/** Copies the body's {@code modelVersion} into the {@code X-Model-Version} header of every model response. */
@RestControllerAdvice
class ModelVersionHeader implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body instanceof ModelVersioned versioned) {
            response.getHeaders().set(ModelVersioned.HEADER, versioned.modelVersion());
        }
        return body;
    }
}
