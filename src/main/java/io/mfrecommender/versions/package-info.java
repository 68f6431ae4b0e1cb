/**
 * The model-version lifecycle, once: a typed {@link io.mfrecommender.versions.TrainingPlan}, one
 * {@link io.mfrecommender.versions.VersionPipeline} (hold out, train, evaluate beside the served
 * version, save, decide, activate), and the served version with its atomic swap. Startup, the
 * command line, training jobs and posted ratings all go through here.
 */
package io.mfrecommender.versions;
