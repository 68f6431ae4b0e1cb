/** Single and batch rating predictions, with their HTTP endpoints. */
package io.mfrecommender.prediction;
