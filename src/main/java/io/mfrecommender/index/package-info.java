/**
 * Approximate top-N over large catalogues: HNSW graphs over item vectors (maximum inner product and
 * cosine), their concurrent build, their file beside a model version, and filtered search. It knows
 * float arrays and item indices, not models; its only project dependency is {@code linalg}'s dot
 * product.
 */
package io.mfrecommender.index;
