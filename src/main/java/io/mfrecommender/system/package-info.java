/** Cross-cutting wiring: configuration properties, problem responses, OpenAPI and metrics. */
package io.mfrecommender.system;
