/** Training jobs: the queue around the version pipeline (submit, run, cancel, history, metrics). */
package io.mfrecommender.jobs;
