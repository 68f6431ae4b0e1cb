package io.mfrecommender.api;

/** A response computed from a model: it carries the version, and is sent with an {@code X-Model-Version} header. */
public interface ModelVersioned {

    String HEADER = "X-Model-Version";

    String modelVersion();
}
