/** Experiments between model versions: sticky user splits, their persistence, hits and reports; controller. */
package io.mfrecommender.experiments;
