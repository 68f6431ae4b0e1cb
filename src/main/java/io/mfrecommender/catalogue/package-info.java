/** The movie catalogue as the API edits it: entries added or changed, kept durably, placed in the served version at once. */
package io.mfrecommender.catalogue;
