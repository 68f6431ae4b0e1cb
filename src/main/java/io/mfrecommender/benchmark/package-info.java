/**
 * What the {@code benchmark} command and timed {@code train} runs measure with, kept out of the
 * code the service runs: kernel comparisons, the fold-in experiment, and the JIT warm-up.
 */
package io.mfrecommender.benchmark;
