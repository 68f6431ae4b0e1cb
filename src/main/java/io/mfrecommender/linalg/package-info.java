/**
 * The numeric kernels that training, serving and fold-in share: dot products, axpy, scoring
 * against a transposed matrix, top-k selection, Gramians and small dense solves, each with a
 * Vector API path and a plain Java one. Depends on nothing else in the project.
 */
package io.mfrecommender.linalg;
