/** Model lifecycle work that runs in the background: the startup load-or-train. */
package io.mfrecommender.jobs;
