/**
 * Approximate top-N over large catalogues: an HNSW maximum-inner-product graph over item vectors
 * (Apache Lucene), its build, its files beside a model version, and filtered search. Lucene stays in
 * this package; it knows float arrays and item indices, not models.
 */
package io.mfrecommender.index;
