/**
 * Experiments between model versions: sticky user splits, their records, hits and reports, a
 * replica's following of the owner's records, erasure from every experiment; controller.
 */
package io.mfrecommender.experiments;
