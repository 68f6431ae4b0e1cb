/**
 * Rating and catalogue files, the compact in-memory {@link io.mfrecommender.data.Dataset}, splits and
 * generators, the rating journal's format, durable file helpers and the ratings database.
 */
package io.mfrecommender.data;
